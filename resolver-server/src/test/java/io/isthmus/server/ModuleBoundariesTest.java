package io.isthmus.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries of style.md: Netty lives in the DNS transport only; the wire layer knows no
 * Spring.
 */
class ModuleBoundariesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          // Not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and a build
          // with -Disthmus.build.dir=target-x puts the tests elsewhere.
          .withImportOption(location -> !location.contains("/test-classes/"))
          .importPackages("io.isthmus.server");

  @Test
  void nettyOnlyInTransport() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.isthmus.server.dns..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.netty..")
        .check(CLASSES);
  }

  @Test
  void wireLayerKnowsNoSpring() {
    noClasses()
        .that()
        .resideInAPackage("io.isthmus.server.dns..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .check(CLASSES);
  }
}
