package io.isthmus.admin.endpoints;

import io.isthmus.admin.endpoints.EndpointStatuses.EndpointStatus;
import io.isthmus.config.ResolverEndpoint;

/** An endpoint as stored, with its status as the data plane reports it. Immutable. */
public record EndpointView(ResolverEndpoint endpoint, EndpointStatus status) {}
