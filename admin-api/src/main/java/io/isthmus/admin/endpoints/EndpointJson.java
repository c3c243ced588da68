package io.isthmus.admin.endpoints;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.isthmus.admin.addresses.AddressJson;
import io.isthmus.config.ResolverEndpoint;
import io.isthmus.config.ResolverEndpoint.Direction;
import java.util.List;

/**
 * An endpoint as JSON: {@code {"id","accountId","name","direction","vpcId","ipAddresses":[{"ip",
 * "port"}],"allowedSourceCidrs","status","statusMessage"}}; an OUTBOUND endpoint has no {@code
 * allowedSourceCidrs}, an operational one no {@code statusMessage}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EndpointJson(
    String id,
    String accountId,
    String name,
    Direction direction,
    String vpcId,
    List<AddressJson> ipAddresses,
    List<String> allowedSourceCidrs,
    String status,
    String statusMessage) {

  static EndpointJson of(EndpointView view) {
    ResolverEndpoint endpoint = view.endpoint();
    return new EndpointJson(
        endpoint.id(),
        endpoint.accountId(),
        endpoint.name(),
        endpoint.direction(),
        endpoint.vpcId(),
        AddressJson.of(endpoint.ipAddresses()),
        endpoint.direction() == Direction.INBOUND ? endpoint.allowedSourceCidrs() : null,
        view.status().status(),
        view.status().message());
  }
}
