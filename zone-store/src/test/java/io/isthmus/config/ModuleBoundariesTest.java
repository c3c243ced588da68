package io.isthmus.config;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module boundaries of style.md: zone-store is plain Java + dnsjava + JDBC. */
class ModuleBoundariesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
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
