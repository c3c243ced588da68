package io.isthmus.route;

import io.isthmus.config.Vpc;

/**
 * One VPC's compiled view: its zones and rules under the one {@link Precedence} the resolver, the
 * explainer and the shadow lint share. Immutable.
 */
public record VpcRoutes(Vpc vpc, Precedence<Route> routes) {}
