package io.isthmus.admin.aws.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.config.HealthCheck.Comparison;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheck.Statistic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmDefinitionTest {
  @Test
  void theStoredTextReadsBackAsTheSameDefinition() {
    AlarmDefinition definition =
        new AlarmDefinition(
            new MetricAlarm(
                "Seed/App",
                "HealthyHostCount",
                Map.of("Service", "web", "Zone=\"a\"", "line\nbreak"),
                Statistic.MINIMUM,
                60,
                3,
                2,
                Comparison.LESS_THAN_THRESHOLD,
                0.1 + 0.2),
            "web is down",
            false,
            List.of("arn:aws:sns:eu-west-1:123456789012:ok"),
            null,
            List.of(),
            "Count",
            "breaching");

    assertThat(AlarmDefinition.fromJson(definition.toJson())).isEqualTo(definition);
  }

  @Test
  void missingListsAndTreatmentTakeCloudWatchsDefaults() {
    AlarmDefinition definition =
        new AlarmDefinition(null, null, true, null, null, null, null, null);

    assertThat(definition.alarmActions()).isEmpty();
    assertThat(definition.treatMissingData()).isEqualTo("missing");
  }
}
