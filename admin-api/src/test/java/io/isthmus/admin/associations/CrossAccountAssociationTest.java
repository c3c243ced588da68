package io.isthmus.admin.associations;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Route 53 flow for sharing a private zone with another account's VPC: the zone owner
 * authorizes the VPC, then the VPC's owner associates it.
 */
class CrossAccountAssociationTest extends ApiTestSupport {

  private Reply associate(Acct caller, String zoneId, String vpcId) {
    return post(
        "/v1/hostedzones/" + zoneId + "/associations",
        caller.token(),
        "{\"vpcId\":\"" + vpcId + "\"}");
  }

  private Reply authorize(Acct caller, String zoneId, String vpcId) {
    return post(
        "/v1/hostedzones/" + zoneId + "/authorizations",
        caller.token(),
        "{\"vpcId\":\"" + vpcId + "\"}");
  }

  @Test
  void appZoneIsSharedWithTheNetworkingVpc() {
    Acct app = account("app1");
    Acct networking = account("networking");
    String appVpc = vpc(app, "us-east-1");
    String netVpc = vpc(networking, "us-east-1");
    String zoneId = zone(app, "app1.aws.customer.local", appVpc);
    String associations = "/v1/hostedzones/" + zoneId + "/associations";
    String body = "{\"vpcId\":\"" + netVpc + "\"}";

    post(associations, networking.token(), body).problem(403, "NotAuthorized");

    Reply authorization = authorize(app, zoneId, netVpc).expect(201);
    assertThat(authorization.text("/vpcId")).isEqualTo(netVpc);
    assertThat(authorization.text("/hostedZoneId")).isEqualTo(zoneId);
    Reply listed = get("/v1/hostedzones/" + zoneId + "/authorizations", app.token()).expect(200);
    assertThat(listed.text("/items/0/vpcId")).isEqualTo(netVpc);
    assertThat(listed.text("/items/0/region")).isEqualTo("us-east-1");

    Reply change = post(associations, networking.token(), body).expect(200);
    assertThat(change.text("/id")).startsWith("C");
    assertThat(change.text("/status")).isEqualTo("INSYNC");

    // The VPC owner sees the zone through its VPC, never the zone itself.
    Reply viaVpc = get("/v1/vpcs/" + netVpc + "/hostedzones", networking.token()).expect(200);
    assertThat(viaVpc.text("/items/0/hostedZoneId")).isEqualTo(zoneId);
    assertThat(viaVpc.text("/items/0/name")).isEqualTo("app1.aws.customer.local.");
    assertThat(viaVpc.text("/items/0/ownerAccountId")).isEqualTo(app.id());
    get("/v1/hostedzones/" + zoneId, networking.token()).problem(404, "NoSuchHostedZone");
    assertThat(vpcIds(get("/v1/hostedzones/" + zoneId, app.token()).body()))
        .containsExactlyInAnyOrder(appVpc, netVpc);

    // The same zone again, or another zone of the same name, conflicts in that VPC.
    post(associations, networking.token(), body).problem(409, "ConflictingDomainExists");
    String twin = zone(app, "APP1.aws.customer.local.", vpc(app, "us-east-1"));
    authorize(app, twin, netVpc).expect(201);
    post("/v1/hostedzones/" + twin + "/associations", networking.token(), body)
        .problem(409, "ConflictingDomainExists");

    // The VPC owner may leave; the zone's last VPC may not.
    Reply left = delete(associations + "/" + netVpc, networking.token()).expect(200);
    assertThat(left.text("/id")).startsWith("C");
    assertThat(get("/v1/vpcs/" + netVpc + "/hostedzones", networking.token()).body().get("items"))
        .isEmpty();
    delete(associations + "/" + appVpc, app.token()).problem(409, "LastVPCAssociation");
  }

  @Test
  void theZoneOwnerMayAlsoEndAnotherAccountsAssociation() {
    Acct app = account("app2");
    Acct networking = account("networking2");
    Acct stranger = account("stranger2");
    String zoneId = zone(app, "app2.example", vpc(app, "us-east-1"));
    String netVpc = vpc(networking, "us-east-1");
    authorize(app, zoneId, netVpc).expect(201);
    associate(networking, zoneId, netVpc).expect(200);
    String association = "/v1/hostedzones/" + zoneId + "/associations/" + netVpc;

    // Neither side is the stranger's: the VPC is not found, as if it did not exist.
    delete(association, stranger.token()).problem(404, "NoSuchVpc");
    delete(association, OPERATOR).problem(403, "AccessDenied");
    delete(association, app.token()).expect(200);
    // No longer associated with its zone, the other account's VPC is not the zone owner's to see.
    delete(association, app.token()).problem(404, "NoSuchVpc");
  }

  @Test
  void onlyTheVpcOwnerAssociatesItsVpc() {
    Acct app = account("app3");
    Acct networking = account("networking3");
    String zoneId = zone(app, "app3.example", vpc(app, "us-east-1"));
    String netVpc = vpc(networking, "us-east-1");
    authorize(app, zoneId, netVpc).expect(201);

    // The zone owner cannot pull another account's VPC in, even when it authorized it.
    post(
            "/v1/hostedzones/" + zoneId + "/associations",
            app.token(),
            "{\"vpcId\":\"" + netVpc + "\"}")
        .problem(404, "NoSuchVpc");
    post(
            "/v1/hostedzones/ZNOSUCHZONE0000000000/associations",
            networking.token(),
            "{\"vpcId\":\"" + netVpc + "\"}")
        .problem(404, "NoSuchHostedZone");
    post("/v1/hostedzones/" + zoneId + "/associations", networking.token(), "{}")
        .problem(400, "InvalidInput");
  }

  @Test
  void authorizationsAreTheZoneOwnersAndCanBeWithdrawn() {
    Acct app = account("app4");
    Acct networking = account("networking4");
    String zoneId = zone(app, "app4.example", vpc(app, "us-east-1"));
    String netVpc = vpc(networking, "us-east-1");
    String authorizations = "/v1/hostedzones/" + zoneId + "/authorizations";

    authorize(networking, zoneId, netVpc).problem(404, "NoSuchHostedZone");
    get(authorizations, networking.token()).problem(404, "NoSuchHostedZone");
    authorize(app, zoneId, "vpc-00000000000000000").problem(404, "NoSuchVpc");
    authorize(app, zoneId, netVpc).expect(201);
    authorize(app, zoneId, netVpc).expect(201);
    assertThat(get(authorizations, app.token()).body().get("items")).hasSize(1);

    delete(authorizations + "/" + netVpc, app.token()).expect(204);
    delete(authorizations + "/" + netVpc, app.token()).problem(404, "ResourceNotFound");
    associate(networking, zoneId, netVpc).problem(403, "NotAuthorized");
    assertThat(get(authorizations, app.token()).body().get("items")).isEmpty();
  }

  @Test
  void withdrawingAnAuthorizationKeepsTheAssociation() {
    Acct app = account("app5");
    Acct networking = account("networking5");
    String zoneId = zone(app, "app5.example", vpc(app, "us-east-1"));
    String netVpc = vpc(networking, "us-east-1");
    authorize(app, zoneId, netVpc).expect(201);
    associate(networking, zoneId, netVpc).expect(200);

    delete("/v1/hostedzones/" + zoneId + "/authorizations/" + netVpc, app.token()).expect(204);

    assertThat(get("/v1/vpcs/" + netVpc + "/hostedzones", networking.token()).body().get("items"))
        .hasSize(1);
  }

  private static List<String> vpcIds(JsonNode zone) {
    List<String> ids = new ArrayList<>();
    zone.get("vpcs").forEach(vpc -> ids.add(vpc.get("vpcId").stringValue()));
    return ids;
  }
}
