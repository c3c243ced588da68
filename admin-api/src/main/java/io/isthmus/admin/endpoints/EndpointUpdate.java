package io.isthmus.admin.endpoints;

import io.isthmus.admin.ResourceNames;
import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.config.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A PATCH of a resolver endpoint: each field given replaces the endpoint's, the others stay. The
 * direction, VPC and allowed sources never change. Immutable.
 *
 * @param name a new name
 * @param ipAddresses the endpoint's new addresses, all of them: {@value EndpointSpec#MIN_ADDRESSES}
 *     to {@value EndpointSpec#MAX_ADDRESSES}, none twice
 */
public record EndpointUpdate(String name, List<AddressSpec> ipAddresses) {

  /** Every problem with the fields given, on their own. */
  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    if (name != null) {
      ResourceNames.requireName(name, errors);
    }
    if (ipAddresses != null) {
      errors.addAll(
          AddressSpec.validateAll(
              "ipAddresses", ipAddresses, EndpointSpec.MIN_ADDRESSES, EndpointSpec.MAX_ADDRESSES));
    }
    return errors;
  }
}
