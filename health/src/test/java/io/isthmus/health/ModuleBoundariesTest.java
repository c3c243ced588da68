package io.isthmus.health;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module boundaries of style.md: health is plain Java and knows no other module. */
class ModuleBoundariesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.isthmus.health");

  @Test
  void staysPlainJava() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "io.netty..",
            "io.isthmus.route..",
            "io.isthmus.admin..",
            "io.isthmus.server..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }
}
