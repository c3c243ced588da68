package io.isthmus.admin.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.admin.ApiTestSupport;
import io.isthmus.admin.TestAdminApplication.MovableAppliedVersion;
import io.isthmus.config.ConfigStore;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Who reads a change: the account that submitted it, whichever account owns the zone it touched,
 * and the operator. Across accounts each side polls its own change until INSYNC; to every other
 * account a change is answered exactly as an id that names nothing.
 */
class ChangeOwnershipTest extends ApiTestSupport {
  private static final String NOTHING = "C00000000000000000000";

  @Autowired ConfigStore store;
  @Autowired MovableAppliedVersion appliedVersion;

  @AfterEach
  void syncEverything() {
    appliedVersion.set(Long.MAX_VALUE);
  }

  @Test
  void theVpcOwnerPollsTheAssociationItMadeWithAnotherAccountsZone() {
    Acct app = account("own-app");
    Acct networking = account("own-net");
    Acct stranger = account("own-stranger");
    String zoneId = zone(app, "owned-changes.example", vpc(app, "us-east-1"));
    String netVpc = vpc(networking, "us-east-1");
    post(
            "/v1/hostedzones/" + zoneId + "/authorizations",
            app.token(),
            "{\"vpcId\":\"" + netVpc + "\"}")
        .expect(201);
    appliedVersion.set(store.version());

    Reply associated =
        post(
                "/v1/hostedzones/" + zoneId + "/associations",
                networking.token(),
                "{\"vpcId\":\"" + netVpc + "\",\"comment\":\"net joins\"}")
            .expect(200);
    assertThat(associated.text("/status")).isEqualTo("PENDING");
    String changePath = "/v1/changes/" + associated.text("/id");

    Reply pending = get(changePath, networking.token()).expect(200);
    assertThat(pending.text("/status")).isEqualTo("PENDING");
    assertThat(pending.text("/comment")).isEqualTo("net joins");
    // The zone's owner did not make this change: its comment and timing are the VPC owner's.
    assertLooksMissing(get(changePath, app.token()), associated.text("/id"), app);
    assertLooksMissing(get(changePath, stranger.token()), associated.text("/id"), stranger);
    assertThat(get(changePath, OPERATOR).expect(200).text("/status")).isEqualTo("PENDING");

    appliedVersion.set(Long.MAX_VALUE);
    assertThat(get(changePath, networking.token()).expect(200).text("/status")).isEqualTo("INSYNC");
  }

  @Test
  void theZoneOwnerPollsTheDisassociationItMade() {
    Acct app = account("own-app2");
    Acct networking = account("own-net2");
    String zoneId = zone(app, "owned-leave.example", vpc(app, "us-east-1"));
    String netVpc = vpc(networking, "us-east-1");
    post(
            "/v1/hostedzones/" + zoneId + "/authorizations",
            app.token(),
            "{\"vpcId\":\"" + netVpc + "\"}")
        .expect(201);
    post(
            "/v1/hostedzones/" + zoneId + "/associations",
            networking.token(),
            "{\"vpcId\":\"" + netVpc + "\"}")
        .expect(200);
    appliedVersion.set(store.version());

    Reply left =
        delete("/v1/hostedzones/" + zoneId + "/associations/" + netVpc, app.token()).expect(200);
    String changePath = "/v1/changes/" + left.text("/id");

    assertThat(get(changePath, app.token()).expect(200).text("/status")).isEqualTo("PENDING");
    assertLooksMissing(get(changePath, networking.token()), left.text("/id"), networking);
    appliedVersion.set(Long.MAX_VALUE);
    assertThat(get(changePath, app.token()).expect(200).text("/status")).isEqualTo("INSYNC");
  }

  @Test
  void zoneCreationBatchesAndDeletionAreTheirSubmittersChanges() {
    Acct app = account("own-app3");
    Acct other = account("own-other3");
    String vpcId = vpc(app, "us-east-1");
    Reply created =
        post(
                "/v1/hostedzones",
                app.token(),
                "{\"name\":\"owned-zone.example\",\"vpcId\":\"" + vpcId + "\"}")
            .expect(201);
    String zoneId = created.text("/id");
    String batch =
        changeBatch(app, zoneId, create("www.owned-zone.example", "A", 60, "10.0.0.1"))
            .expect(200)
            .text("/id");
    changeBatch(app, zoneId, change("DELETE", "www.owned-zone.example", "A", 60, "10.0.0.1"))
        .expect(200);
    String deleted = delete("/v1/hostedzones/" + zoneId, app.token()).expect(200).text("/id");

    for (String changeId : new String[] {created.text("/change/id"), batch, deleted}) {
      assertThat(get("/v1/changes/" + changeId, app.token()).expect(200).text("/id"))
          .isEqualTo(changeId);
      assertLooksMissing(get("/v1/changes/" + changeId, other.token()), changeId, other);
      get("/v1/changes/" + changeId, OPERATOR).expect(200);
    }
  }

  /** A change made on behalf of no account, as the demo configuration records one. */
  @Test
  void aChangeWithoutAnOwnerIsTheOperatorsAlone() {
    Acct acct = account("own-nobody");
    store.write(w -> w.recordChange("CNOOWNER0000000000001", Instant.EPOCH, "system", null));

    Reply read = get("/v1/changes/CNOOWNER0000000000001", OPERATOR).expect(200);
    assertThat(read.text("/comment")).isEqualTo("system");
    assertLooksMissing(
        get("/v1/changes/CNOOWNER0000000000001", acct.token()), "CNOOWNER0000000000001", acct);
  }

  @Test
  void anIdThatNamesNothingIsNotFoundForEveryone() {
    get("/v1/changes/" + NOTHING, OPERATOR).problem(404, "NoSuchChange");
    get("/v1/changes/" + NOTHING, account("own-asker").token()).problem(404, "NoSuchChange");
  }

  /**
   * The 404 for a change the caller may not read is the caller's 404 for an id that names nothing,
   * ids aside: nothing in it tells that the change exists.
   */
  private void assertLooksMissing(Reply reply, String changeId, Acct caller) {
    reply.problem(404, "NoSuchChange");
    Reply nothing = get("/v1/changes/" + NOTHING, caller.token()).problem(404, "NoSuchChange");
    assertThat(reply.body().toString().replace(changeId, "{id}"))
        .isEqualTo(nothing.body().toString().replace(NOTHING, "{id}"));
  }
}
