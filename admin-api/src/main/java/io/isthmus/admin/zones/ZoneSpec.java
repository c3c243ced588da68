package io.isthmus.admin.zones;

import io.isthmus.admin.Ids;
import io.isthmus.config.DnsNames;
import io.isthmus.config.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request to create a private hosted zone: its name, the caller's VPC to associate it with first,
 * and an optional comment. Immutable.
 */
public record ZoneSpec(String name, String vpcId, String comment) {
  /** Route 53's limit on a hosted zone comment. */
  static final int MAX_COMMENT_LENGTH = 256;

  /** Every problem with the fields on their own. */
  public List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    if (name == null) {
      errors.add(new FieldError("name", "name is required"));
    } else {
      Optional<String> normalized = DnsNames.normalize(name);
      if (normalized.isEmpty()) {
        errors.add(new FieldError("name", "not a valid DNS name"));
      } else if (normalized.get().equals(".")) {
        errors.add(new FieldError("name", "the root cannot be a hosted zone"));
      }
    }
    if (vpcId == null) {
      errors.add(new FieldError("vpcId", "vpcId is required"));
    } else if (!Ids.isVpcId(vpcId)) {
      errors.add(new FieldError("vpcId", "must be vpc- and 17 hexadecimal digits"));
    }
    if (comment != null && comment.length() > MAX_COMMENT_LENGTH) {
      errors.add(new FieldError("comment", "at most " + MAX_COMMENT_LENGTH + " characters"));
    }
    return errors;
  }

  /** The zone name in stored form; only for a valid spec. */
  public String normalizedName() {
    return DnsNames.normalize(name).orElseThrow();
  }
}
