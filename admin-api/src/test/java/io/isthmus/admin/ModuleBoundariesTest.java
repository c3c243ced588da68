package io.isthmus.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module boundaries of style.md: admin-api is HTTP at the edge of the model: no Netty, no data plane. */
class ModuleBoundariesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.isthmus.admin");

  @Test
  void knowsNoDataPlane() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "io.isthmus.server..", "io.isthmus.config.jdbc..")
        .check(CLASSES);
  }
}
