package io.isthmus.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.isthmus.admin.limits.ImportLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code isthmus.admin.import.*} as Spring binds them, and the limits made of them. */
class ImportPropertiesTest {

  private static IsthmusProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("isthmus", IsthmusProperties.class);
  }

  private static ImportLimits limits(Map<String, String> properties) {
    return new AdminLimitsConfiguration().importLimits(bind(properties));
  }

  @Test
  void defaultsAreAMillionRecordsAnd128Megabytes() {
    assertThat(limits(Map.of())).isEqualTo(ImportLimits.defaults());
  }

  @Test
  void keysSetTheLimits() {
    assertThat(
            limits(
                Map.of(
                    "isthmus.admin.import.max-records", "5000",
                    "isthmus.admin.import.max-body-size", "2MB")))
        .isEqualTo(new ImportLimits(5000, 2L * 1024 * 1024));
  }

  @Test
  void badValuesStopTheStartNamingTheKey() {
    assertThatThrownBy(() -> bind(Map.of("isthmus.admin.import.max-records", "0")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("isthmus.admin.import.max-records");
    assertThatThrownBy(() -> bind(Map.of("isthmus.admin.import.max-body-size", "0B")))
        .rootCause()
        .hasMessageContaining("isthmus.admin.import.max-body-size");
  }
}
