package io.isthmus.admin.aws.route53;

import io.isthmus.admin.associations.AssociationService;
import io.isthmus.admin.associations.Authorization;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.aws.AwsError;
import io.isthmus.admin.aws.QueryRequest;
import io.isthmus.admin.aws.Xml;
import io.isthmus.admin.changes.ChangeInfo;
import io.isthmus.admin.changes.ChangeService;
import io.isthmus.admin.paging.Page;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.rrsets.RecordSetService;
import io.isthmus.admin.zones.CreatedZone;
import io.isthmus.admin.zones.ZoneService;
import io.isthmus.admin.zones.ZoneSpec;
import io.isthmus.admin.zones.ZoneView;
import io.isthmus.config.ConfigReader;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.DnsNames;
import io.isthmus.config.FieldError;
import io.isthmus.config.HostedZone;
import io.isthmus.config.Vpc;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * Route 53 over REST-XML (API version 2013-04-01), calling the same services as {@code /v1}: the
 * operations served so far are listed in docs/aws-api.md. Ids are answered as Route 53 writes them
 * ({@code /hostedzone/Z…}, {@code /change/C…}); the clients send them bare in paths.
 */
public final class Route53Api {
  /** The XML namespace of Route 53 responses. */
  public static final String NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/";

  private static final Pattern HOSTED_ZONE = Pattern.compile("/2013-04-01/hostedzone/([^/]+)");
  private static final Pattern CHANGE = Pattern.compile("/2013-04-01/change/([^/]+)");
  private static final Pattern RRSET = Pattern.compile("/2013-04-01/hostedzone/([^/]+)/rrset/?");
  private static final Pattern DNSSEC = Pattern.compile("/2013-04-01/hostedzone/([^/]+)/dnssec/?");

  /** The VPC calls: associatevpc, disassociatevpc, (de)authorizevpcassociation. */
  private static final Pattern VPC_CALL =
      Pattern.compile(
          "/2013-04-01/hostedzone/([^/]+)/(associatevpc|disassociatevpc|authorizevpcassociation|deauthorizevpcassociation)");

  /** Route 53's default and largest page of ListHostedZones. */
  static final int MAX_ZONES_PER_PAGE = 100;

  /**
   * Route 53's HTTP status for the codes whose {@code /v1} status differs (its API reference, each
   * operation's Errors): a conflict there is a 400.
   */
  private static final Map<String, Integer> STATUS =
      Map.of(
          "HostedZoneNotEmpty", 400,
          "ConflictingDomainExists", 400,
          "InvalidInput", 400,
          "InvalidVPCId", 400,
          "LastVPCAssociation", 400,
          "NotAuthorizedException", 401);

  /** Route 53's code where {@code /v1}'s differs: a VPC the caller cannot use is InvalidVPCId. */
  private static final Map<String, String> CODE =
      Map.of("NoSuchVpc", "InvalidVPCId", "NotAuthorized", "NotAuthorizedException");

  private final ConfigReader store;
  private final ZoneService zones;
  private final ChangeService changes;
  private final RecordSetService recordSets;
  private final AssociationService associations;
  private final Route53HealthChecks healthChecks;
  private final Route53Tags tags;

  public Route53Api(
      ConfigStore store,
      ZoneService zones,
      ChangeService changes,
      RecordSetService recordSets,
      AssociationService associations,
      Route53HealthChecks healthChecks) {
    this.store = store;
    this.zones = zones;
    this.changes = changes;
    this.recordSets = recordSets;
    this.associations = associations;
    this.healthChecks = healthChecks;
    this.tags = new Route53Tags(store);
  }

  /** What the facade answers: a status and an XML body, or an error. */
  public sealed interface Answer {
    /** {@code location}: the Location header of a created resource, else null. */
    record Done(int status, String xml, String location) implements Answer {
      public Done(int status, String xml) {
        this(status, xml, null);
      }
    }

    record Failed(AwsError error) implements Answer {}
  }

  /** The answer to {@code method path?query} with {@code body} from {@code caller}. */
  public Answer handle(Caller caller, String method, String path, QueryRequest query, byte[] body) {
    try {
      Matcher zone = HOSTED_ZONE.matcher(path);
      Matcher change = CHANGE.matcher(path);
      Matcher rrset = RRSET.matcher(path);
      Matcher vpcCall = VPC_CALL.matcher(path);
      Matcher dnssec = DNSSEC.matcher(path);
      if (Route53HealthChecks.serves(path)) {
        return healthChecks.handle(caller, method, path, query, body);
      }
      if (Route53Tags.serves(path)) {
        return tags.handle(caller, method, path, body);
      }
      if (vpcCall.matches()) {
        return vpcCall(caller, method, vpcCall.group(1), vpcCall.group(2), query, body);
      }
      if (rrset.matches() && method.equals("POST")) {
        return changeResourceRecordSets(caller, rrset.group(1), body);
      }
      if (rrset.matches() && method.equals("GET")) {
        return RecordSetListing.list(store, zones.get(caller, rrset.group(1)).zone(), query);
      }
      if (dnssec.matches() && method.equals("GET")) {
        return getDnssec(caller, dnssec.group(1));
      }
      if (path.equals("/2013-04-01/hostedzone") && method.equals("POST")) {
        return createHostedZone(caller, body);
      }
      if (path.equals("/2013-04-01/hostedzonesbyvpc") && method.equals("GET")) {
        return listHostedZonesByVpc(caller, query);
      }
      if (path.equals("/2013-04-01/hostedzone") && method.equals("GET")) {
        return listHostedZones(caller, query);
      }
      if (path.equals("/2013-04-01/hostedzonesbyname") && method.equals("GET")) {
        return listHostedZonesByName(caller, query);
      }
      if (zone.matches() && method.equals("POST")) {
        return updateHostedZoneComment(caller, zone.group(1), body);
      }
      if (zone.matches() && method.equals("GET")) {
        return new Answer.Done(200, getHostedZone(zones.get(caller, zone.group(1))));
      }
      if (zone.matches() && method.equals("DELETE")) {
        return new Answer.Done(
            200,
            response("DeleteHostedZoneResponse", changeInfo(zones.delete(caller, zone.group(1)))));
      }
      if (change.matches() && method.equals("GET")) {
        return new Answer.Done(
            200, response("GetChangeResponse", changeInfo(changes.get(caller, change.group(1)))));
      }
      return unserved(method, path);
    } catch (ApiException e) {
      return new Answer.Failed(error(e));
    }
  }

  /**
   * ChangeResourceRecordSets: the batch of {@code /v1}, all or nothing. A body that is not the
   * request's XML is InvalidInput; what the batch finds is InvalidChangeBatch, every problem
   * listed.
   */
  private Answer changeResourceRecordSets(Caller caller, String zoneId, byte[] body) {
    ChangeBatchXml batch;
    try {
      batch = ChangeBatchXml.read(RestXml.parse(body));
    } catch (RestXml.MalformedXml e) {
      return new Answer.Failed(AwsError.sender(400, "InvalidInput", e.getMessage()));
    }
    ChangeInfo change =
        recordSets.change(
            caller, zoneId, batch.comment(), batch.changes(), requireValid(batch.errors()));
    return new Answer.Done(200, response("ChangeResourceRecordSetsResponse", changeInfo(change)));
  }

  /**
   * GetDNSSEC: Route 53 signs public zones only, and answers this InvalidArgument for a private one
   * (every Isthmus zone). Terraform's {@code aws_route53_zone} with {@code force_destroy} asks
   * before DeleteHostedZone and goes on only on this error (or NoSuchHostedZone).
   */
  private Answer getDnssec(Caller caller, String zoneId) {
    zones.get(caller, zoneId);
    return new Answer.Failed(
        AwsError.sender(
            400, "InvalidArgument", "Operation is unsupported for private hosted zones."));
  }

  /**
   * CreateHostedZone: a private zone in the caller's VPC, its CallerReference remembered (a reused
   * one is HostedZoneAlreadyExists). Isthmus has no public zones: no VPC, {@code PrivateZone} false
   * or a delegation set is InvalidInput; a VPC the caller does not own, or one of another region
   * than {@code VPCRegion}, is InvalidVPCId.
   */
  private Answer createHostedZone(Caller caller, byte[] body) {
    Element root;
    try {
      root = RestXml.parse(body);
    } catch (RestXml.MalformedXml e) {
      return new Answer.Failed(AwsError.sender(400, "InvalidInput", e.getMessage()));
    }
    List<FieldError> errors = new ArrayList<>();
    String name = Route53Names.unescape(RestXml.text(root, "Name").orElse(null));
    String reference = RestXml.text(root, "CallerReference").orElse(null);
    String vpcId =
        RestXml.child(root, "VPC").flatMap(vpc -> RestXml.text(vpc, "VPCId")).orElse(null);
    String region =
        RestXml.child(root, "VPC").flatMap(vpc -> RestXml.text(vpc, "VPCRegion")).orElse(null);
    String comment =
        RestXml.child(root, "HostedZoneConfig")
            .flatMap(config -> RestXml.text(config, "Comment"))
            .orElse(null);
    boolean isPublic =
        RestXml.child(root, "HostedZoneConfig")
            .flatMap(config -> RestXml.text(config, "PrivateZone"))
            .map(privateZone -> privateZone.equals("false"))
            .orElse(false);
    if (!root.getLocalName().equals("CreateHostedZoneRequest")) {
      errors.add(new FieldError("CreateHostedZoneRequest", "the request element is required"));
    }
    if (reference == null || reference.isEmpty() || reference.length() > 128) {
      errors.add(new FieldError("CallerReference", "1 to 128 characters are required"));
    }
    if (vpcId == null || isPublic) {
      errors.add(
          new FieldError("VPC", "Isthmus serves private hosted zones only: a VPC is required"));
    }
    if (RestXml.child(root, "DelegationSetId").isPresent()) {
      errors.add(new FieldError("DelegationSetId", "delegation sets are for public zones"));
    }
    if (vpcId != null && region != null) {
      Optional<Vpc> vpc = store.vpc(vpcId);
      if (vpc.isPresent()
          && caller.owns(vpc.get().accountId())
          && !vpc.get().region().equals(region)) {
        return new Answer.Failed(
            AwsError.sender(400, "InvalidVPCId", "VPC " + vpcId + " is not in " + region + "."));
      }
    }
    CreatedZone created =
        zones.create(caller, new ZoneSpec(name, vpcId, comment), reference, requireValid(errors));
    ZoneView view = created.zone();
    StringBuilder xml =
        new StringBuilder(hostedZone(view, reference)).append(changeInfo(created.change()));
    view.vpcs().forEach(vpc -> xml.append(vpc(vpc)));
    return new Answer.Done(
        201,
        response("CreateHostedZoneResponse", xml.toString()),
        "/2013-04-01/hostedzone/" + view.zone().id());
  }

  /**
   * AssociateVPCWithHostedZone, DisassociateVPCFromHostedZone and the association authorizations
   * (create, delete, list), on the {@code /v1} association rules: another account's VPC needs the
   * zone owner's authorization first (NotAuthorizedException).
   */
  private Answer vpcCall(
      Caller caller, String method, String zoneId, String call, QueryRequest query, byte[] body) {
    if (call.equals("authorizevpcassociation") && method.equals("GET")) {
      StringBuilder xml =
          new StringBuilder("<HostedZoneId>")
              .append(Xml.text(zoneId))
              .append("</HostedZoneId><VPCs>");
      Page<Authorization> page =
          associations.authorizations(
              caller, zoneId, () -> PageRequest.parse("100", query.get("nexttoken").orElse(null)));
      page.items()
          .forEach(
              authorization ->
                  xml.append("<VPC><VPCRegion>")
                      .append(Xml.text(String.valueOf(authorization.region())))
                      .append("</VPCRegion><VPCId>")
                      .append(authorization.vpcId())
                      .append("</VPCId></VPC>"));
      xml.append("</VPCs>");
      if (page.nextToken() != null) {
        xml.append("<NextToken>").append(Xml.text(page.nextToken())).append("</NextToken>");
      }
      return new Answer.Done(
          200, response("ListVPCAssociationAuthorizationsResponse", xml.toString()));
    }
    if (!method.equals("POST")) {
      return unserved(method, "/2013-04-01/hostedzone/" + zoneId + "/" + call);
    }
    Element root;
    try {
      root = RestXml.parse(body);
    } catch (RestXml.MalformedXml e) {
      return new Answer.Failed(AwsError.sender(400, "InvalidInput", e.getMessage()));
    }
    String vpcId =
        RestXml.child(root, "VPC").flatMap(vpc -> RestXml.text(vpc, "VPCId")).orElse(null);
    String comment = RestXml.text(root, "Comment").orElse(null);
    if (vpcId == null) {
      return new Answer.Failed(AwsError.sender(400, "InvalidInput", "VPC: a VPCId is required."));
    }
    try {
      switch (call) {
        case "associatevpc" -> {
          ChangeInfo change =
              associations.associate(caller, zoneId, vpcId, comment, requireValid(List.of()));
          return new Answer.Done(
              200, response("AssociateVPCWithHostedZoneResponse", changeInfo(change)));
        }
        case "disassociatevpc" -> {
          ChangeInfo change = associations.disassociate(caller, zoneId, vpcId);
          return new Answer.Done(
              200, response("DisassociateVPCFromHostedZoneResponse", changeInfo(change)));
        }
        case "authorizevpcassociation" -> {
          Authorization authorization =
              associations.authorize(caller, zoneId, vpcId, requireValid(List.of()));
          return new Answer.Done(
              200,
              response(
                  "CreateVPCAssociationAuthorizationResponse",
                  "<HostedZoneId>"
                      + authorization.hostedZoneId()
                      + "</HostedZoneId><VPC><VPCRegion>"
                      + Xml.text(String.valueOf(authorization.region()))
                      + "</VPCRegion><VPCId>"
                      + authorization.vpcId()
                      + "</VPCId></VPC>"));
        }
        default -> {
          associations.revoke(caller, zoneId, vpcId);
          return new Answer.Done(200, response("DeleteVPCAssociationAuthorizationResponse", ""));
        }
      }
    } catch (ApiException e) {
      // The /v1 codes of these calls, as Route 53 names them.
      String notFound =
          call.equals("deauthorizevpcassociation")
              ? "VPCAssociationAuthorizationNotFound"
              : "VPCAssociationNotFound";
      if (e.code().equals("ResourceNotFound")) {
        return new Answer.Failed(new AwsError(404, notFound, e.detail(), true));
      }
      throw e;
    }
  }

  /**
   * The check a {@code /v1} service runs once the zone is known: the request's own problems and the
   * service's rule errors, all in one InvalidInput.
   */
  private static Consumer<List<FieldError>> requireValid(List<FieldError> requestErrors) {
    return ruleErrors -> {
      List<FieldError> all = new ArrayList<>(requestErrors);
      all.addAll(ruleErrors);
      if (!all.isEmpty()) {
        throw ApiException.invalidInput(all);
      }
    };
  }

  /** The {@code maxitems} of a list call, Route 53's default when absent, -1 when not a number. */
  private static int maxItems(QueryRequest query) {
    try {
      return Integer.parseInt(query.get("maxitems").orElse(String.valueOf(MAX_ZONES_PER_PAGE)));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static Answer unserved(String method, String path) {
    return new Answer.Failed(
        AwsError.sender(
            400,
            "InvalidAction",
            method
                + " "
                + path
                + " is not a Route 53 operation this node serves yet"
                + " (docs/aws-api.md lists those it does)."));
  }

  /**
   * ListHostedZonesByVPC: the zones associated with one of the caller's VPCs, whoever owns them
   * ({@code OwningAccount}), in id order; {@code nexttoken} is the id of a page's first zone.
   */
  private Answer listHostedZonesByVpc(Caller caller, QueryRequest query) {
    Optional<String> vpcId = query.get("vpcid");
    Optional<String> region = query.get("vpcregion");
    int maxItems = maxItems(query);
    if (vpcId.isEmpty() || region.isEmpty() || maxItems < 1 || maxItems > MAX_ZONES_PER_PAGE) {
      return new Answer.Failed(
          AwsError.sender(
              400,
              "InvalidInput",
              "vpcid and vpcregion are required, and maxitems is from 1 to "
                  + MAX_ZONES_PER_PAGE
                  + "."));
    }
    Optional<Vpc> vpc =
        store
            .vpc(vpcId.get())
            .filter(v -> caller.owns(v.accountId()) && v.region().equals(region.get()));
    if (vpc.isEmpty()) {
      return new Answer.Failed(
          AwsError.sender(
              400,
              "InvalidVPCId",
              "VPC " + vpcId.get() + " is not one of yours in " + region.get() + "."));
    }
    String from = query.get("nexttoken").orElse("");
    List<HostedZone> associated =
        store.associatedZoneIds(vpc.get().id()).stream()
            .filter(id -> id.compareTo(from) >= 0)
            .sorted()
            .limit(maxItems + 1L)
            .map(id -> store.zone(id).orElse(null))
            .filter(java.util.Objects::nonNull)
            .toList();
    StringBuilder xml = new StringBuilder("<HostedZoneSummaries>");
    associated.stream()
        .limit(maxItems)
        .forEach(
            zone ->
                xml.append("<HostedZoneSummary><HostedZoneId>")
                    .append(zone.id())
                    .append("</HostedZoneId><Name>")
                    .append(Xml.text(Route53Names.escape(zone.name())))
                    .append("</Name><Owner><OwningAccount>")
                    .append(Xml.text(zone.accountId()))
                    .append("</OwningAccount></Owner></HostedZoneSummary>"));
    xml.append("</HostedZoneSummaries><MaxItems>").append(maxItems).append("</MaxItems>");
    if (associated.size() > maxItems) {
      xml.append("<NextToken>").append(associated.get(maxItems).id()).append("</NextToken>");
    }
    return new Answer.Done(200, response("ListHostedZonesByVPCResponse", xml.toString()));
  }

  private Answer listHostedZones(Caller caller, QueryRequest query) {
    int maxItems = maxItems(query);
    if (maxItems < 1 || maxItems > MAX_ZONES_PER_PAGE) {
      return BAD_MAX_ZONES;
    }
    String marker = query.get("marker").orElse(null);
    // In id order, from the marker on: the marker is the id of the first zone of the page.
    List<HostedZone> visible =
        store.zones().stream()
            .filter(z -> caller.canRead(z.accountId()))
            .filter(z -> marker == null || z.id().compareTo(marker) >= 0)
            .sorted(Comparator.comparing(HostedZone::id))
            .limit(maxItems + 1L)
            .toList();
    boolean truncated = visible.size() > maxItems;
    StringBuilder xml =
        new StringBuilder(
            hostedZones(caller, visible.subList(0, Math.min(maxItems, visible.size()))));
    if (marker != null) {
      xml.append("<Marker>").append(Xml.text(marker)).append("</Marker>");
    }
    xml.append("<IsTruncated>").append(truncated).append("</IsTruncated>");
    if (truncated) {
      xml.append("<NextMarker>").append(visible.get(maxItems).id()).append("</NextMarker>");
    }
    xml.append("<MaxItems>").append(maxItems).append("</MaxItems>");
    return new Answer.Done(200, response("ListHostedZonesResponse", xml.toString()));
  }

  /**
   * ListHostedZonesByName: the caller's zones in Route 53's order for it, the name's labels
   * reversed ("com.example.www") then the id, from {@code dnsname} (and {@code hostedzoneid} among
   * the zones of that name) on.
   */
  private Answer listHostedZonesByName(Caller caller, QueryRequest query) {
    int maxItems = maxItems(query);
    if (maxItems < 1 || maxItems > MAX_ZONES_PER_PAGE) {
      return BAD_MAX_ZONES;
    }
    String dnsName = query.get("dnsname").map(Route53Names::unescape).orElse(null);
    String startId = query.get("hostedzoneid").map(Route53Api::bareId).orElse(null);
    if (startId != null && dnsName == null) {
      return new Answer.Failed(
          AwsError.sender(400, "InvalidInput", "hostedzoneid is given only with dnsname."));
    }
    String startName = dnsName == null ? null : DnsNames.normalize(dnsName).orElse(null);
    if (dnsName != null && startName == null) {
      return new Answer.Failed(
          AwsError.sender(400, "InvalidDomainName", dnsName + " is not a valid DNS name."));
    }
    Comparator<HostedZone> order =
        Comparator.comparing((HostedZone z) -> reversedLabels(z.name()))
            .thenComparing(HostedZone::id);
    HostedZone start =
        startName == null
            ? null
            : new HostedZone(startId == null ? "" : startId, startName, "", null);
    List<HostedZone> visible =
        store.zones().stream()
            .filter(z -> caller.canRead(z.accountId()))
            .filter(z -> start == null || order.compare(z, start) >= 0)
            .sorted(order)
            .limit(maxItems + 1L)
            .toList();
    boolean truncated = visible.size() > maxItems;
    StringBuilder xml =
        new StringBuilder(
            hostedZones(caller, visible.subList(0, Math.min(maxItems, visible.size()))));
    if (dnsName != null) {
      xml.append("<DNSName>").append(Xml.text(Route53Names.escape(startName))).append("</DNSName>");
    }
    if (startId != null) {
      xml.append("<HostedZoneId>").append(Xml.text(startId)).append("</HostedZoneId>");
    }
    xml.append("<IsTruncated>").append(truncated).append("</IsTruncated>");
    if (truncated) {
      HostedZone next = visible.get(maxItems);
      xml.append("<NextDNSName>")
          .append(Xml.text(Route53Names.escape(next.name())))
          .append("</NextDNSName><NextHostedZoneId>")
          .append(next.id())
          .append("</NextHostedZoneId>");
    }
    xml.append("<MaxItems>").append(maxItems).append("</MaxItems>");
    return new Answer.Done(200, response("ListHostedZonesByNameResponse", xml.toString()));
  }

  private static final Answer BAD_MAX_ZONES =
      new Answer.Failed(
          AwsError.sender(
              400, "InvalidInput", "maxitems must be from 1 to " + MAX_ZONES_PER_PAGE + "."));

  /** The {@code <HostedZones>} of a list call. */
  private String hostedZones(Caller caller, List<HostedZone> page) {
    StringBuilder xml = new StringBuilder("<HostedZones>");
    for (HostedZone zone : page) {
      xml.append(
          hostedZone(zones.get(caller, zone.id()), store.callerReference(zone.id()).orElse(null)));
    }
    return xml.append("</HostedZones>").toString();
  }

  /** "www.example.com." as Route 53 orders it: "com.example.www". */
  static String reversedLabels(String name) {
    List<String> labels =
        new ArrayList<>(List.of(name.substring(0, name.length() - 1).split("\\.", -1)));
    Collections.reverse(labels);
    return String.join(".", labels);
  }

  /** An id as given, or the id of a path such as "/hostedzone/Z…". */
  private static String bareId(String id) {
    return id.substring(id.lastIndexOf('/') + 1);
  }

  /** UpdateHostedZoneComment: an empty or missing Comment removes it. */
  private Answer updateHostedZoneComment(Caller caller, String zoneId, byte[] body) {
    Element root;
    try {
      root = RestXml.parse(body);
    } catch (RestXml.MalformedXml e) {
      return new Answer.Failed(AwsError.sender(400, "InvalidInput", e.getMessage()));
    }
    if (!root.getLocalName().equals("UpdateHostedZoneCommentRequest")) {
      return new Answer.Failed(
          AwsError.sender(
              400, "InvalidInput", "The UpdateHostedZoneCommentRequest element is required."));
    }
    ZoneView view =
        zones.updateComment(
            caller, zoneId, RestXml.text(root, "Comment").orElse(null), requireValid(List.of()));
    return new Answer.Done(
        200,
        response(
            "UpdateHostedZoneCommentResponse",
            hostedZone(view, store.callerReference(view.zone().id()).orElse(null))));
  }

  private String getHostedZone(ZoneView view) {
    StringBuilder xml =
        new StringBuilder(hostedZone(view, store.callerReference(view.zone().id()).orElse(null)))
            .append("<VPCs>");
    view.vpcs().forEach(vpc -> xml.append(vpc(vpc)));
    return response("GetHostedZoneResponse", xml.append("</VPCs>").toString());
  }

  /** A VPC in Route 53's VPC shape. */
  private static String vpc(Vpc vpc) {
    return "<VPC><VPCRegion>"
        + Xml.text(vpc.region())
        + "</VPCRegion><VPCId>"
        + vpc.id()
        + "</VPCId></VPC>";
  }

  /**
   * A zone in Route 53's HostedZone shape: every Isthmus zone is a private one. {@code
   * callerReference}: null for a zone made through {@code /v1}.
   */
  private static String hostedZone(ZoneView view, String callerReference) {
    HostedZone zone = view.zone();
    StringBuilder xml =
        new StringBuilder("<HostedZone><Id>/hostedzone/")
            .append(zone.id())
            .append("</Id><Name>")
            .append(Xml.text(Route53Names.escape(zone.name())))
            .append("</Name>");
    if (callerReference != null) {
      xml.append("<CallerReference>")
          .append(Xml.text(callerReference))
          .append("</CallerReference>");
    }
    xml.append("<Config>");
    if (zone.comment() != null) {
      xml.append("<Comment>").append(Xml.text(zone.comment())).append("</Comment>");
    }
    return xml.append("<PrivateZone>true</PrivateZone></Config><ResourceRecordSetCount>")
        .append(view.recordSetCount())
        .append("</ResourceRecordSetCount></HostedZone>")
        .toString();
  }

  private static String changeInfo(ChangeInfo change) {
    StringBuilder xml =
        new StringBuilder("<ChangeInfo><Id>/change/")
            .append(change.id())
            .append("</Id><Status>")
            .append(change.status().name())
            .append("</Status><SubmittedAt>")
            .append(
                DateTimeFormatter.ISO_INSTANT.format(
                    change.submittedAt().truncatedTo(ChronoUnit.MILLIS)))
            .append("</SubmittedAt>");
    if (change.comment() != null) {
      xml.append("<Comment>").append(Xml.text(change.comment())).append("</Comment>");
    }
    return xml.append("</ChangeInfo>").toString();
  }

  static String response(String element, String content) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><"
        + element
        + " xmlns=\""
        + NAMESPACE
        + "\">"
        + content
        + "</"
        + element
        + ">";
  }

  /** The problem of {@code /v1} as Route 53's error: the same code, every field error listed. */
  static AwsError error(ApiException e) {
    StringBuilder message = new StringBuilder(e.detail());
    for (FieldError field : e.errors()) {
      message.append(' ').append(field.field()).append(": ").append(field.message()).append('.');
    }
    String code = CODE.getOrDefault(e.code(), e.code());
    int status = STATUS.getOrDefault(code, e.status());
    return new AwsError(status, code, message.toString(), status < 500);
  }
}
