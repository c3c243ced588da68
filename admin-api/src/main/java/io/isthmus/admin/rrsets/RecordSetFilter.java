package io.isthmus.admin.rrsets;

import io.isthmus.config.DnsNames;
import io.isthmus.config.FieldError;
import io.isthmus.config.RecordSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Type;

/**
 * The exact {@code name} and {@code type} filters of a record set listing, normalized; null matches
 * everything. Immutable.
 */
public record RecordSetFilter(String name, String type) {

  /** Reads the query parameters as given, adding problems to {@code errors}. */
  public static RecordSetFilter parse(String name, String type, List<FieldError> errors) {
    String normalizedName = null;
    if (name != null && !name.isBlank()) {
      Optional<String> normalized = DnsNames.normalize(name);
      if (normalized.isEmpty()) {
        errors.add(new FieldError("name", "not a valid DNS name"));
      }
      normalizedName = normalized.orElse(null);
    }
    String normalizedType = null;
    if (type != null && !type.isBlank()) {
      normalizedType = type.trim().toUpperCase(Locale.ROOT);
      if (Type.value(normalizedType) < 0) {
        errors.add(new FieldError("type", "unknown record type"));
      }
    }
    return new RecordSetFilter(normalizedName, normalizedType);
  }

  public boolean matches(RecordSet rrset) {
    return (name == null || name.equals(rrset.name()))
        && (type == null || type.equals(rrset.type()));
  }
}
