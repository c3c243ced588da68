package io.isthmus.route;

import io.isthmus.zone.CompiledZone;

/**
 * What a domain of a VPC's route table leads to. A private hosted zone acts as an automatic rule
 * "answer from this zone" (resolution.md section 2); resolver rules join in the next release.
 */
public sealed interface Route {

  /** The domain this route covers. */
  org.xbill.DNS.Name domain();

  /** Answer authoritatively from the zone; never fall through to a parent. */
  record HostedZone(CompiledZone zone) implements Route {
    @Override
    public org.xbill.DNS.Name domain() {
      return zone.origin();
    }
  }
}
