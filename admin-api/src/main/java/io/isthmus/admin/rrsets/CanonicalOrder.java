package io.isthmus.admin.rrsets;

import io.isthmus.config.RecordSet;
import java.util.Comparator;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The order of a record set listing: DNS canonical name order (RFC 4034 section 6.1: labels
 * compared from the root down, each as lower-case octets, a name before the names below it: {@code
 * example.}, {@code a.example.}, {@code z.example.}, {@code *.z.example.}; dnsjava's {@link
 * Name#compareTo} implements it), then the type's number (A=1 before NS=2 before SOA=6), then the
 * set identifier, simple sets (none) first. Stateless.
 */
final class CanonicalOrder {
  static final Comparator<RecordSet> RECORD_SETS =
      Comparator.comparing((RecordSet rrset) -> Name.fromConstantString(rrset.name()))
          .thenComparingInt(rrset -> Type.value(rrset.type()))
          .thenComparing(
              RecordSet::setIdentifier, Comparator.nullsFirst(Comparator.naturalOrder()));

  private CanonicalOrder() {}
}
