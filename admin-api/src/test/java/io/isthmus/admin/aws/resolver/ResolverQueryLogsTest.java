package io.isthmus.admin.aws.resolver;

import static io.isthmus.admin.aws.resolver.ResolverEndpointsTest.filter;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Query logging through Route 53 Resolver, on the /v1 configurations and their file names. */
class ResolverQueryLogsTest extends ResolverTestSupport {
  private static String create(String name, String arn, String creator) {
    return """
        {"Name":"%s","DestinationArn":"%s","CreatorRequestId":"%s"}"""
        .formatted(name, arn, creator);
  }

  @Test
  void aConfigurationWritesToTheFileItsDestinationArnNames() {
    Acct acct = account("rr-ql-create");
    String arn = "arn:aws:s3:::query-logs/isthmus/";

    JsonNode config =
        ok(acct, "CreateResolverQueryLogConfig", create("logs", arn, "ql-1"))
            .get("ResolverQueryLogConfig");
    String id = config.get("Id").stringValue();

    assertThat(
            get("/v1/resolver/query-log-configs/" + id, acct.token())
                .expect(200)
                .text("/destination"))
        .isEqualTo("file:isthmus");
    assertThat(config.get("DestinationArn").stringValue()).isEqualTo(arn);
    assertThat(config.get("Arn").stringValue())
        .isEqualTo(
            "arn:aws:route53resolver:"
                + REGION
                + ":"
                + acct.id()
                + ":resolver-query-log-config/"
                + id);
    assertThat(config.get("OwnerId").stringValue()).isEqualTo(acct.id());
    assertThat(config.get("Status").stringValue()).isEqualTo("CREATED");
    assertThat(config.get("ShareStatus").stringValue()).isEqualTo("NOT_SHARED");
    assertThat(config.get("AssociationCount").intValue()).isZero();
    assertThat(config.get("CreatorRequestId").stringValue()).isEqualTo("ql-1");
    assertThat(config.get("CreationTime").stringValue()).isNotBlank();
    assertThat(
            ok(acct, "GetResolverQueryLogConfig", "{\"ResolverQueryLogConfigId\":\"" + id + "\"}")
                .get("ResolverQueryLogConfig"))
        .isEqualTo(config);
    assertThat(error(acct, "CreateResolverQueryLogConfig", create("again", arn, "ql-1")))
        .isEqualTo("ResourceExistsException");
    assertThat(error(acct, "CreateResolverQueryLogConfig", create("again", arn, "ql-2")))
        .isEqualTo("ResourceExistsException")
        .as("/v1: one configuration per file");
    assertThat(
            error(acct, "CreateResolverQueryLogConfig", create("bad", "arn:aws:sqs:x:1:q", "ql-3")))
        .isEqualTo("InvalidParameterException");
    assertThat(
            error(
                acct,
                "CreateResolverQueryLogConfig",
                create("bad", "arn:aws:s3:::bucket/a b", "ql-4")))
        .isEqualTo("InvalidParameterException");
  }

  @Test
  void aConfigurationIsAssociatedListedAndDeletedOnceNoVpcUsesIt() {
    Acct acct = account("rr-ql-assoc");
    Network net = network(acct);
    Network second = network(acct);
    String id =
        ok(
                acct,
                "CreateResolverQueryLogConfig",
                create("logs", "arn:aws:logs:eu-west-1:123456789012:log-group:dns-logs:*", "q"))
            .at("/ResolverQueryLogConfig/Id")
            .stringValue();
    String other =
        ok(
                acct,
                "CreateResolverQueryLogConfig",
                create("other", "arn:aws:firehose:eu-west-1:123456789012:deliverystream/fh", "q2"))
            .at("/ResolverQueryLogConfig/Id")
            .stringValue();
    String pair = "{\"ResolverQueryLogConfigId\":\"%s\",\"ResourceId\":\"%s\"}";

    JsonNode association =
        ok(acct, "AssociateResolverQueryLogConfig", pair.formatted(id, net.vpcId()))
            .get("ResolverQueryLogConfigAssociation");
    String associationId = association.get("Id").stringValue();
    String secondId =
        ok(acct, "AssociateResolverQueryLogConfig", pair.formatted(other, second.vpcId()))
            .at("/ResolverQueryLogConfigAssociation/Id")
            .stringValue();

    assertThat(
            get("/v1/resolver/query-log-configs/" + id, acct.token())
                .expect(200)
                .text("/destination"))
        .isEqualTo("file:dns-logs");
    assertThat(
            get("/v1/resolver/query-log-configs/" + other, acct.token())
                .expect(200)
                .text("/destination"))
        .isEqualTo("file:fh");
    assertThat(association.get("Status").stringValue()).isEqualTo("ACTIVE");
    assertThat(association.get("ResourceId").stringValue()).isEqualTo(net.vpcId());
    assertThat(association.get("ResolverQueryLogConfigId").stringValue()).isEqualTo(id);
    assertThat(association.get("Error").stringValue()).isEqualTo("NONE");
    assertThat(
            ok(
                    acct,
                    "GetResolverQueryLogConfigAssociation",
                    "{\"ResolverQueryLogConfigAssociationId\":\"" + associationId + "\"}")
                .get("ResolverQueryLogConfigAssociation"))
        .isEqualTo(association);
    assertThat(
            error(
                acct,
                "GetResolverQueryLogConfigAssociation",
                "{\"ResolverQueryLogConfigAssociationId\":\"rqlca-none\"}"))
        .isEqualTo("ResourceNotFoundException");
    assertThat(error(acct, "AssociateResolverQueryLogConfig", pair.formatted(id, net.vpcId())))
        .isEqualTo("ResourceExistsException");
    JsonNode all = ok(acct, "ListResolverQueryLogConfigAssociations", "{}");
    assertThat(all.get("TotalCount").intValue()).isEqualTo(2);
    assertThat(ids(all, "ResolverQueryLogConfigAssociations"))
        .containsExactlyInAnyOrder(associationId, secondId);
    JsonNode filtered =
        ok(acct, "ListResolverQueryLogConfigAssociations", filter("ResourceId", second.vpcId()));
    assertThat(ids(filtered, "ResolverQueryLogConfigAssociations")).containsExactly(secondId);
    assertThat(filtered.get("TotalFilteredCount").intValue()).isEqualTo(1);
    assertThat(
            ids(
                ok(
                    acct,
                    "ListResolverQueryLogConfigAssociations",
                    filter("ResolverQueryLogConfigId", id)),
                "ResolverQueryLogConfigAssociations"))
        .containsExactly(associationId);
    assertThat(
            ok(acct, "GetResolverQueryLogConfig", "{\"ResolverQueryLogConfigId\":\"" + id + "\"}")
                .at("/ResolverQueryLogConfig/AssociationCount")
                .intValue())
        .isEqualTo(1);
    assertThat(
            error(
                acct,
                "DeleteResolverQueryLogConfig",
                "{\"ResolverQueryLogConfigId\":\"" + id + "\"}"))
        .isEqualTo("ResourceInUseException");

    JsonNode gone =
        ok(acct, "DisassociateResolverQueryLogConfig", pair.formatted(id, net.vpcId()))
            .get("ResolverQueryLogConfigAssociation");
    assertThat(gone.get("Status").stringValue()).isEqualTo("DELETING");
    assertThat(gone.get("Id").stringValue()).isEqualTo(associationId);
    assertThat(error(acct, "DisassociateResolverQueryLogConfig", pair.formatted(id, net.vpcId())))
        .isEqualTo("ResourceNotFoundException");
    JsonNode deleted =
        ok(acct, "DeleteResolverQueryLogConfig", "{\"ResolverQueryLogConfigId\":\"" + id + "\"}")
            .get("ResolverQueryLogConfig");
    assertThat(deleted.get("Status").stringValue()).isEqualTo("DELETING");
    assertThat(
            error(
                acct, "GetResolverQueryLogConfig", "{\"ResolverQueryLogConfigId\":\"" + id + "\"}"))
        .isEqualTo("ResourceNotFoundException");
  }

  @Test
  void configurationsAreListedByPagesAndFiltersInIdOrder() {
    Acct acct = account("rr-ql-list");
    Acct stranger = account("rr-ql-list-stranger");
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      made.add(
          ok(
                  acct,
                  "CreateResolverQueryLogConfig",
                  create("log" + i, "arn:aws:s3:::bucket-" + i, "c" + i))
              .at("/ResolverQueryLogConfig/Id")
              .stringValue());
    }

    JsonNode first = ok(acct, "ListResolverQueryLogConfigs", "{\"MaxResults\":2}");
    JsonNode rest =
        ok(
            acct,
            "ListResolverQueryLogConfigs",
            "{\"NextToken\":\"" + first.get("NextToken").stringValue() + "\"}");
    List<String> listed = new ArrayList<>(ids(first, "ResolverQueryLogConfigs"));
    listed.addAll(ids(rest, "ResolverQueryLogConfigs"));

    assertThat(listed).containsExactlyElementsOf(made.stream().sorted().toList());
    assertThat(first.get("TotalCount").intValue()).isEqualTo(3);
    assertThat(
            ids(
                ok(acct, "ListResolverQueryLogConfigs", filter("Name", "log1")),
                "ResolverQueryLogConfigs"))
        .containsExactly(made.get(1));
    assertThat(
            ids(
                ok(
                    acct,
                    "ListResolverQueryLogConfigs",
                    filter("DestinationArn", "arn:aws:s3:::bucket-2")),
                "ResolverQueryLogConfigs"))
        .containsExactly(made.get(2));
    assertThat(
            ids(
                ok(acct, "ListResolverQueryLogConfigs", filter("CreatorRequestId", "c0")),
                "ResolverQueryLogConfigs"))
        .containsExactly(made.get(0));
    assertThat(
            ids(
                ok(acct, "ListResolverQueryLogConfigs", filter("OwnerId", acct.id())),
                "ResolverQueryLogConfigs"))
        .hasSize(3);
    assertThat(
            ids(
                ok(acct, "ListResolverQueryLogConfigs", filter("AssociationCount", "0")),
                "ResolverQueryLogConfigs"))
        .hasSize(3);
    assertThat(
            ids(
                ok(acct, "ListResolverQueryLogConfigs", filter("Id", made.get(0))),
                "ResolverQueryLogConfigs"))
        .containsExactly(made.get(0));
    assertThat(
            ok(
                    acct,
                    "ListResolverQueryLogConfigs",
                    "{\"SortBy\":\"Id\",\"SortOrder\":\"ASCENDING\"}")
                .get("ResolverQueryLogConfigs"))
        .hasSize(3);
    assertThat(error(acct, "ListResolverQueryLogConfigs", "{\"SortBy\":\"Name\"}"))
        .isEqualTo("InvalidRequestException");
    assertThat(error(acct, "ListResolverQueryLogConfigs", "{\"SortOrder\":\"DESCENDING\"}"))
        .isEqualTo("InvalidRequestException");
    assertThat(error(acct, "ListResolverQueryLogConfigAssociations", "{\"SortBy\":\"Name\"}"))
        .isEqualTo("InvalidRequestException");
    assertThat(ok(stranger, "ListResolverQueryLogConfigs", "{}").get("ResolverQueryLogConfigs"))
        .isEmpty();
    assertThat(
            error(
                stranger,
                "GetResolverQueryLogConfig",
                "{\"ResolverQueryLogConfigId\":\"" + made.get(0) + "\"}"))
        .isEqualTo("ResourceNotFoundException");
  }

  private static List<String> ids(JsonNode list, String member) {
    List<String> ids = new ArrayList<>();
    list.get(member).forEach(item -> ids.add(item.get("Id").stringValue()));
    return ids;
  }
}
