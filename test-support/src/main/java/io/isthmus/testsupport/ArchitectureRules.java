package io.isthmus.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The architecture of Isthmus as one table, checked by every module's {@code ArchitectureTest}
 * against its own compiled classes (docs/architecture.md "Modules"):
 *
 * <ul>
 *   <li>a module uses only the Isthmus modules listed as its dependencies (the Maven graph allows
 *       more through transitive dependencies; this keeps it honest);
 *   <li>no cycles between the packages of a module;
 *   <li>frameworks stay where they belong: JDBC and Flyway only in config-jdbc and the server's
 *       store wiring, Spring only in admin-api and the server's wiring, Netty only in the server's
 *       transport and forwarder, Micrometer and Caffeine only in the two applications.
 * </ul>
 */
public final class ArchitectureRules {
  private ArchitectureRules() {}

  /** An Isthmus module: its root package and the Isthmus modules it may use. */
  public enum Module {
    CONFIG("io.isthmus.config", Set.of()),
    CONFIG_JDBC("io.isthmus.config.jdbc", Set.of("CONFIG")),
    ZONE("io.isthmus.zone", Set.of("CONFIG")),
    ROUTE("io.isthmus.route", Set.of("CONFIG", "ZONE")),
    HEALTH("io.isthmus.health", Set.of("CONFIG")),
    ADMIN_API("io.isthmus.admin", Set.of("CONFIG", "ZONE", "ROUTE", "HEALTH")),
    RESOLVER_SERVER(
        "io.isthmus.server",
        Set.of("CONFIG", "CONFIG_JDBC", "ZONE", "ROUTE", "HEALTH", "ADMIN_API"));

    final String root;

    @SuppressWarnings("ImmutableEnumChecker") // always a Set.of, which is immutable
    final Set<String> uses;

    Module(String root, Set<String> uses) {
      this.root = root;
      this.uses = uses;
    }

    /** The module a class of Isthmus belongs to, or null for one outside every module. */
    static @Nullable Module of(String packageName) {
      Module found = null;
      for (Module module : values()) {
        boolean inside =
            packageName.equals(module.root) || packageName.startsWith(module.root + ".");
        if (inside && (found == null || module.root.length() > found.root.length())) {
          found = module;
        }
      }
      return found;
    }
  }

  /** The database stack. */
  private static final List<String> DATABASE =
      List.of("java.sql..", "javax.sql..", "org.flywaydb..", "org.h2..", "org.postgresql..");

  /** The server's packages that speak Netty: the DNS transport and the forwarder. */
  private static final List<String> NETTY =
      List.of("io.isthmus.server.dns..", "io.isthmus.server.forward..");

  /**
   * Checks every rule against the main classes of the module that holds {@code anyMainClass}
   * (loaded from the folder or jar that class came from, so other modules and tests stay out).
   */
  public static void check(Class<?> anyMainClass) {
    Module module = Module.of(anyMainClass.getPackageName());
    if (module == null) {
      throw new IllegalArgumentException(anyMainClass + " is in no Isthmus module");
    }
    JavaClasses classes = new ClassFileImporter().importPath(locationOf(anyMainClass));
    if (classes.isEmpty()) {
      throw new AssertionError("no classes found for " + module);
    }
    usesOnlyItsDependencies(module, classes);
    slices()
        .matching(module.root + ".(*)..")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true)
        .as("the packages of " + module + " have no cycles")
        .check(classes);
    frameworksStayWhereTheyBelong(classes);
  }

  private static void usesOnlyItsDependencies(Module module, JavaClasses classes) {
    noClasses()
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "Isthmus classes of modules other than " + module + " and " + module.uses,
                (JavaClass target) -> {
                  Module other = Module.of(target.getPackageName());
                  return target.getPackageName().startsWith("io.isthmus.")
                      && other != module
                      && (other == null || !module.uses.contains(other.name()));
                }))
        .check(classes);
  }

  /** Where each framework may be used, over all modules; a module checks its own classes. */
  private static void frameworksStayWhereTheyBelong(JavaClasses classes) {
    confine(classes, DATABASE, "io.isthmus.config.jdbc..", "io.isthmus.server.store..");
    confine(classes, List.of("org.springframework.."), "io.isthmus.admin..", "io.isthmus.server..");
    confine(classes, List.of("io.micrometer.."), "io.isthmus.admin..", "io.isthmus.server..");
    confine(classes, List.of("com.github.benmanes.."), "io.isthmus.server..");
    confine(classes, List.of("io.netty.."), NETTY.toArray(String[]::new));
    // The wire layer is plain Netty: no Spring beans on the query path.
    noClasses()
        .that()
        .resideInAnyPackage(NETTY.toArray(String[]::new))
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .allowEmptyShould(true)
        .check(classes);
  }

  private static void confine(JavaClasses classes, List<String> frameworks, String... packages) {
    noClasses()
        .that()
        .resideOutsideOfPackages(packages)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(frameworks.toArray(String[]::new))
        .allowEmptyShould(true)
        .as(frameworks + " only in " + List.of(packages))
        .check(classes);
  }

  private static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
