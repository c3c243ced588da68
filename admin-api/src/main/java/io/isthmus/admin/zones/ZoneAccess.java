package io.isthmus.admin.zones;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.auth.Visibility;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.HostedZone;

/**
 * Who may see and act on a hosted zone: only its owner; the operator may read it. To anyone else a
 * zone is answered as if it did not exist (docs/spec/admin-api.md "Visibility across accounts"),
 * except by the association calls, which take its id regardless. Stateless.
 */
public final class ZoneAccess {
  private ZoneAccess() {}

  /** The zone if it exists at all, whoever owns it. */
  public static HostedZone existing(ConfigReader reader, String zoneId) {
    return reader.zone(zoneId).orElseThrow(() -> noSuchZone(zoneId));
  }

  /** The zone if the caller may read it. */
  public static HostedZone readable(ConfigReader reader, Caller caller, String zoneId) {
    return Visibility.readable(
        reader.zone(zoneId), HostedZone::accountId, caller, () -> noSuchZone(zoneId));
  }

  /** The zone if the caller owns it; the operator is denied, it owns nothing. */
  public static HostedZone owned(ConfigReader reader, Caller caller, String zoneId) {
    return Visibility.owned(
        reader.zone(zoneId), HostedZone::accountId, caller, () -> noSuchZone(zoneId));
  }

  private static ApiException noSuchZone(String zoneId) {
    return ApiException.notFound("NoSuchHostedZone", "No hosted zone with id " + zoneId + ".");
  }
}
