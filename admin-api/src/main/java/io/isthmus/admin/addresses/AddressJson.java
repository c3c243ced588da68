package io.isthmus.admin.addresses;

import io.isthmus.admin.web.JsonInput;
import io.isthmus.config.TargetAddress;
import java.util.List;

/** An address as JSON, {@code {"ip","port"}}, and the reading of a request's list of them. */
public record AddressJson(String ip, int port) {

  public static AddressJson of(TargetAddress address) {
    return new AddressJson(address.ip(), address.port());
  }

  public static List<AddressJson> of(List<TargetAddress> addresses) {
    return addresses.stream().map(AddressJson::of).toList();
  }

  /**
   * The list {@code name} of the request, or null if absent. An element that is not an object is
   * reported by {@code in} and read as null, keeping the others' indexes.
   */
  public static List<AddressSpec> read(JsonInput in, String name) {
    List<JsonInput> items = in.objects(name);
    if (items == null) {
      return null;
    }
    return items.stream()
        .map(item -> item == null ? null : new AddressSpec(item.string("ip"), item.int32("port")))
        .toList();
  }
}
