package io.isthmus.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries of style.md: admin-api is HTTP at the edge of the model: no Netty, no data
 * plane.
 */
class ModuleBoundariesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          // Not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and a build
          // with -Disthmus.build.dir=target-x puts the tests elsewhere.
          .withImportOption(location -> !location.contains("/test-classes/"))
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
