package io.isthmus.route;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module boundaries of style.md: rule-engine is plain Java: no Spring, no Netty, no Caffeine, no JDBC. */
class ModuleBoundariesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
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
