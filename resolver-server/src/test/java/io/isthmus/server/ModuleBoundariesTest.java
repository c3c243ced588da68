package io.isthmus.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries of style.md: Netty lives in the DNS transport and the forwarder only; neither
 * knows Spring.
 */
class ModuleBoundariesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          // Not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and a build
          // with -Disthmus.build.dir=target-x puts the tests elsewhere.
          .withImportOption(location -> !location.contains("/test-classes/"))
          .importPackages("io.isthmus.server");

  @Test
  void nettyOnlyInTransportAndForwarder() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.isthmus.server.dns..", "io.isthmus.server.forward..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.netty..")
        .check(CLASSES);
  }

  @Test
  void wireLayerKnowsNoSpring() {
    noClasses()
        .that()
        .resideInAnyPackage("io.isthmus.server.dns..", "io.isthmus.server.forward..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .check(CLASSES);
  }
}
