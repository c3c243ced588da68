package io.isthmus.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Module boundaries of style.md: zone-store is plain Java + dnsjava + JDBC. */
class ModuleBoundariesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          // Not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and a build
          // with -Disthmus.build.dir=target-x puts the tests elsewhere.
          .withImportOption(location -> !location.contains("/test-classes/"))
          .importPackages("io.isthmus");

  @Test
  void staysPlainJava() {
    noClasses()
        .that()
        .resideInAnyPackage("io.isthmus.config..", "io.isthmus.zone..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "io.netty..",
            "com.github.benmanes.caffeine..",
            "io.isthmus.route..",
            "io.isthmus.health..",
            "io.isthmus.admin..",
            "io.isthmus.server..")
        .check(CLASSES);
  }

  @Test
  void answeringDoesNotTouchPersistence() {
    noClasses()
        .that()
        .resideInAPackage("io.isthmus.zone..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "io.isthmus.config.jdbc..")
        .check(CLASSES);
  }
}
