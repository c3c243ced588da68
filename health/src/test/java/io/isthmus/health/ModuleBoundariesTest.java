package io.isthmus.health;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries of style.md: health is plain Java. Of the other modules it may read only the
 * configuration model ({@code io.isthmus.config}, from zone-store), not its persistence nor the
 * zones: the application adapts a {@link HealthSlot} to the query path's signal.
 */
class ModuleBoundariesTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          // Not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and a build
          // with -Disthmus.build.dir=target-x puts the tests elsewhere.
          .withImportOption(location -> !location.contains("/test-classes/"))
          .importPackages("io.isthmus.health");

  @Test
  void staysPlainJava() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "io.netty..",
            "io.micrometer..",
            "com.github.benmanes.caffeine..",
            "io.isthmus.route..",
            "io.isthmus.admin..",
            "io.isthmus.server..",
            "io.isthmus.zone..",
            "io.isthmus.config.jdbc..")
        .check(CLASSES);
  }

  @Test
  void ofIsthmusUsesOnlyItselfAndTheConfigurationModel() {
    noClasses()
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "Isthmus classes outside io.isthmus.health and io.isthmus.config",
                javaClass ->
                    javaClass.getPackageName().startsWith("io.isthmus.")
                        && !javaClass.getPackageName().startsWith("io.isthmus.health")
                        && !javaClass.getPackageName().equals("io.isthmus.config")))
        .check(CLASSES);
  }

  @Test
  void featurePackagesHaveNoCycles() {
    slices().matching("io.isthmus.health.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
