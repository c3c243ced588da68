package io.isthmus.route;

import io.isthmus.config.Vpc;

/** One VPC's compiled view: the VPC and its route table. Immutable. */
public record VpcRoutes(Vpc vpc, SuffixMap<Route> routes) {}
