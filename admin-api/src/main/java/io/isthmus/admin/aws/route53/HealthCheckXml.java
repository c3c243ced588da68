package io.isthmus.admin.aws.route53;

import static io.isthmus.admin.aws.route53.HealthCheckConfigXml.element;

import io.isthmus.config.HealthCheck;
import io.isthmus.config.HealthCheck.MetricAlarm;
import io.isthmus.config.HealthCheckOrigin;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A check in Route 53's HealthCheck shape: Id, CallerReference (for checks made through Route 53's
 * API), HealthCheckConfig, HealthCheckVersion and, for CLOUDWATCH_METRIC, the alarm's condition as
 * CloudWatchAlarmConfiguration. Stateless.
 */
final class HealthCheckXml {
  private HealthCheckXml() {}

  /** 2^53 - 1: versions stay exact in clients that read numbers as doubles. */
  private static final long VERSIONS = (1L << 53) - 1;

  /**
   * @param origin null for a check made through {@code /v1}
   */
  static String healthCheck(HealthCheck check, HealthCheckOrigin origin) {
    String settings = settings(check, origin);
    StringBuilder xml = new StringBuilder("<HealthCheck>");
    element(xml, "Id", check.id());
    element(xml, "CallerReference", origin == null ? null : origin.callerReference());
    xml.append(HealthCheckConfigXml.write(HealthCheckTranslation.toConfig(check, origin)));
    element(xml, "HealthCheckVersion", version(settings));
    if (check.metric() != null) {
      xml.append(alarmConfiguration(check.metric()));
    }
    return xml.append("</HealthCheck>").toString();
  }

  /**
   * The HealthCheckVersion of a check. The store keeps no counter, so the version is a fingerprint
   * of everything Route 53 shows of the check's settings: it changes whenever an update changes
   * something, which is what a client passing it back to UpdateHealthCheck relies on. It is not 1,
   * 2, 3… as Route 53's counter is (docs/aws-api.md).
   */
  static long version(HealthCheck check, HealthCheckOrigin origin) {
    return version(settings(check, origin));
  }

  private static String settings(HealthCheck check, HealthCheckOrigin origin) {
    String config = HealthCheckConfigXml.write(HealthCheckTranslation.toConfig(check, origin));
    return check.metric() == null ? config : config + alarmConfiguration(check.metric());
  }

  private static long version(String settings) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(settings.getBytes(StandardCharsets.UTF_8));
      return Math.floorMod(ByteBuffer.wrap(digest).getLong(), VERSIONS) + 1;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The condition, its dimensions by name so that the same condition reads the same. */
  static String alarmConfiguration(MetricAlarm alarm) {
    StringBuilder xml = new StringBuilder("<CloudWatchAlarmConfiguration>");
    element(xml, "EvaluationPeriods", alarm.evaluationPeriods());
    element(xml, "Threshold", alarm.threshold());
    element(xml, "ComparisonOperator", alarm.comparison().label());
    element(xml, "Period", alarm.periodSeconds());
    element(xml, "MetricName", alarm.metricName());
    element(xml, "Namespace", alarm.namespace());
    element(xml, "Statistic", alarm.statistic().label());
    if (!alarm.dimensions().isEmpty()) {
      xml.append("<Dimensions>");
      for (Map.Entry<String, String> dimension : new TreeMap<>(alarm.dimensions()).entrySet()) {
        xml.append("<Dimension>");
        element(xml, "Name", dimension.getKey());
        element(xml, "Value", dimension.getValue());
        xml.append("</Dimension>");
      }
      xml.append("</Dimensions>");
    }
    return xml.append("</CloudWatchAlarmConfiguration>").toString();
  }
}
