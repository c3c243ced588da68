package io.isthmus.route;

import io.isthmus.config.Vpc;

/**
 * One VPC's compiled view. {@code routes} holds zones and rules together, a rule winning over a
 * zone at the same domain; {@code zones} holds the zones alone, for SYSTEM rules ("resolve as if no
 * rule existed"). Immutable.
 */
public record VpcRoutes(Vpc vpc, SuffixMap<Route> routes, SuffixMap<Route.HostedZone> zones) {}
