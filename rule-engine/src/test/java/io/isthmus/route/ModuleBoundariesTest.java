package io.isthmus.route;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries of style.md: rule-engine is plain Java: no Spring, no Netty, no Caffeine, no
 * JDBC.
 */
class ModuleBoundariesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          // Not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and a build
          // with -Disthmus.build.dir=target-x puts the tests elsewhere.
          .withImportOption(location -> !location.contains("/test-classes/"))
          .importPackages("io.isthmus.route");

  @Test
  void staysPlainJava() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "io.netty..",
            "com.github.benmanes.caffeine..",
            "java.sql..",
            "javax.sql..",
            "io.isthmus.config.jdbc..",
            "io.isthmus.admin..",
            "io.isthmus.server..")
        .check(CLASSES);
  }
}
