package io.isthmus.admin.aws.route53;

import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.admin.aws.Xml;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.DnsNames;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RoutingFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * ListResourceRecordSets: a zone's record sets in Route 53's order, names with their labels
 * reversed (DNS canonical order, the store's listing order), then the type's mnemonic, then the set
 * identifier; at most {@value #MAX_ITEMS} a page, from {@code name}, {@code type} and {@code
 * identifier} on. The store lists the types of a name by number, so each name is read whole and
 * ordered here: a page never ends inside a name it has not read whole.
 */
final class RecordSetListing {
  /** Route 53's largest page: more asked for gives this many. */
  static final int MAX_ITEMS = 300;

  /**
   * Route 53's page when {@code maxitems} is not given; Terraform's force_destroy and the CLI's
   * paginator ask without it.
   */
  static final int DEFAULT_ITEMS = 100;

  /** One past the last type number: the store's key after every type of a name. */
  private static final int AFTER_LAST_TYPE = 0x10000;

  private static final Comparator<RecordSet> WITHIN_NAME =
      Comparator.comparing(RecordSet::type)
          .thenComparing(set -> set.setIdentifier() == null ? "" : set.setIdentifier());

  private RecordSetListing() {}

  /** The page as the response body, or the error of its parameters. */
  static Route53Api.Answer list(ConfigReader store, HostedZone zone, QueryRequest query) {
    Optional<String> name = query.get("name").map(Route53Names::unescape);
    Optional<String> type = query.get("type").map(t -> t.toUpperCase(Locale.ROOT));
    Optional<String> identifier = query.get("identifier");
    int maxItems;
    try {
      maxItems =
          Math.min(
              MAX_ITEMS,
              Integer.parseInt(query.get("maxitems").orElse(String.valueOf(DEFAULT_ITEMS))));
    } catch (NumberFormatException e) {
      maxItems = 0;
    }
    List<String> problems = new ArrayList<>();
    if (maxItems < 1) {
      problems.add("maxitems must be a positive number");
    }
    if (type.isPresent() && name.isEmpty()) {
      problems.add("type needs name");
    }
    if (identifier.isPresent() && type.isEmpty()) {
      problems.add("identifier needs name and type");
    }
    Optional<String> start = name.flatMap(DnsNames::normalize);
    if (name.isPresent() && start.isEmpty()) {
      problems.add("name is not a valid DNS name");
    }
    if (!problems.isEmpty()) {
      return new Route53Api.Answer.Failed(
          AwsError.sender(400, "InvalidInput", String.join("; ", problems) + "."));
    }

    List<RecordSet> page = new ArrayList<>();
    List<RecordSet> rest;
    if (start.isPresent()) {
      String first = start.get();
      store.recordSetsAt(zone.id(), Set.of(first)).stream()
          .filter(set -> set.name().equals(first))
          .sorted(WITHIN_NAME)
          .filter(set -> atOrAfter(set, type.orElse(null), identifier.orElse(null)))
          .forEach(page::add);
      rest = store.recordSetsInOrder(zone.id(), first, AFTER_LAST_TYPE, null, maxItems + 1);
    } else {
      rest = store.recordSetsInOrder(zone.id(), null, 0, null, maxItems + 1);
    }
    // The store's page may end inside its last name (between two types): that name is left to the
    // next page, unless it is the only one read.
    List<List<RecordSet>> names = byName(rest);
    String leftOver = null;
    if (rest.size() > maxItems && names.size() > 1) {
      leftOver = names.remove(names.size() - 1).get(0).name();
    } else if (rest.size() > maxItems) {
      String only = names.get(0).get(0).name();
      names.set(
          0,
          store.recordSetsAt(zone.id(), Set.of(only)).stream()
              .filter(set -> set.name().equals(only))
              .toList());
    }
    names.forEach(group -> group.stream().sorted(WITHIN_NAME).forEach(page::add));

    StringBuilder xml = new StringBuilder("<ResourceRecordSets>");
    page.stream().limit(maxItems).forEach(set -> xml.append(RecordSetXml.of(zone, set)));
    xml.append("</ResourceRecordSets>");
    if (page.size() > maxItems) {
      RecordSet next = page.get(maxItems);
      xml.append("<IsTruncated>true</IsTruncated><NextRecordName>")
          .append(Xml.text(Route53Names.escape(next.name())))
          .append("</NextRecordName><NextRecordType>")
          .append(next.type())
          .append("</NextRecordType>");
      if (next.setIdentifier() != null) {
        xml.append("<NextRecordIdentifier>")
            .append(Xml.text(next.setIdentifier()))
            .append("</NextRecordIdentifier>");
      }
    } else if (leftOver != null) {
      xml.append("<IsTruncated>true</IsTruncated><NextRecordName>")
          .append(Xml.text(Route53Names.escape(leftOver)))
          .append("</NextRecordName>");
    } else {
      xml.append("<IsTruncated>false</IsTruncated>");
    }
    xml.append("<MaxItems>").append(maxItems).append("</MaxItems>");
    return new Route53Api.Answer.Done(
        200, Route53Api.response("ListResourceRecordSetsResponse", xml.toString()));
  }

  private static boolean atOrAfter(RecordSet set, String type, String identifier) {
    if (type == null) {
      return true;
    }
    int byType = set.type().compareTo(type);
    if (byType != 0 || identifier == null) {
      return byType >= 0;
    }
    return (set.setIdentifier() == null ? "" : set.setIdentifier()).compareTo(identifier) >= 0;
  }

  /** Consecutive record sets of one name, in the order read. */
  private static List<List<RecordSet>> byName(List<RecordSet> sets) {
    List<List<RecordSet>> names = new ArrayList<>();
    for (RecordSet set : sets) {
      if (names.isEmpty() || !names.get(names.size() - 1).get(0).name().equals(set.name())) {
        names.add(new ArrayList<>());
      }
      names.get(names.size() - 1).add(set);
    }
    return names;
  }

  /** A record set in Route 53's ResourceRecordSet shape. */
  static final class RecordSetXml {
    private RecordSetXml() {}

    static String of(HostedZone zone, RecordSet set) {
      StringBuilder xml =
          new StringBuilder("<ResourceRecordSet><Name>")
              .append(Xml.text(Route53Names.escape(set.name())))
              .append("</Name><Type>")
              .append(set.type())
              .append("</Type>");
      if (set.setIdentifier() != null) {
        xml.append("<SetIdentifier>")
            .append(Xml.text(set.setIdentifier()))
            .append("</SetIdentifier>");
      }
      RoutingFields routing = RoutingFields.of(set.routing());
      if (routing.weight() != null) {
        xml.append("<Weight>").append(routing.weight()).append("</Weight>");
      }
      if (routing.failover() != null) {
        xml.append("<Failover>").append(routing.failover()).append("</Failover>");
      }
      if (routing.multiValueAnswer() != null) {
        xml.append("<MultiValueAnswer>")
            .append(routing.multiValueAnswer())
            .append("</MultiValueAnswer>");
      }
      if (set.aliasTarget() != null) {
        xml.append("<AliasTarget><HostedZoneId>")
            .append(zone.id())
            .append("</HostedZoneId><DNSName>")
            .append(Xml.text(Route53Names.escape(set.aliasTarget().dnsName())))
            .append("</DNSName><EvaluateTargetHealth>")
            .append(set.aliasTarget().evaluateTargetHealth())
            .append("</EvaluateTargetHealth></AliasTarget>");
      } else {
        xml.append("<TTL>").append(set.ttl()).append("</TTL><ResourceRecords>");
        for (String value : set.records()) {
          xml.append("<ResourceRecord><Value>")
              .append(Xml.text(value))
              .append("</Value></ResourceRecord>");
        }
        xml.append("</ResourceRecords>");
      }
      if (set.healthCheckId() != null) {
        xml.append("<HealthCheckId>")
            .append(Xml.text(set.healthCheckId()))
            .append("</HealthCheckId>");
      }
      return xml.append("</ResourceRecordSet>").toString();
    }
  }
}
