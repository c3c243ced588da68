package io.isthmus.config.jdbc;

import io.isthmus.config.Account;
import io.isthmus.config.Change;
import io.isthmus.config.ConfigWriter;
import io.isthmus.config.HostedZone;
import io.isthmus.config.RecordSet;
import io.isthmus.config.RecordSetKey;
import io.isthmus.config.StoreException;
import io.isthmus.config.Vpc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@link ConfigWriter} bound to the connection of one write transaction, which holds the lock on
 * the version row. A write or delete of something missing throws {@link StoreException}, as does a
 * duplicate id.
 *
 * <p>Any {@link StoreException} dooms the transaction, even if the caller catches it: PostgreSQL
 * refuses every further statement of a failed transaction while H2 would carry on, so the writer
 * refuses further work itself and {@link #complete} rethrows, making both databases roll back. Not
 * thread-safe.
 */
final class JdbcWriter extends JdbcReader implements ConfigWriter {
  private final long versionBefore;
  private final RecordSetUpserts pending = new RecordSetUpserts();
  private StoreException failure;

  /**
   * @param versionBefore the version read under the lock: this transaction commits as the next one
   */
  JdbcWriter(Connection connection, long versionBefore) {
    super(connection);
    this.versionBefore = versionBefore;
  }

  /** Sends the pending record sets first, so that every statement sees them. */
  @Override
  PreparedStatement prepare(String sql) throws SQLException {
    flushPending();
    return super.prepare(sql);
  }

  @Override
  StoreException failed(StoreException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }

  /** Sends what is pending; throws if anything in this transaction failed. */
  void complete() {
    flushPending();
  }

  private void flushPending() {
    requireNoFailure();
    try {
      pending.flush(connection);
    } catch (StoreException e) {
      throw failed(e);
    }
  }

  private void requireNoFailure() {
    if (failure != null) {
      throw new StoreException(
          "the write already failed and will be rolled back: " + failure.getMessage(), failure);
    }
  }

  @Override
  public void insertAccount(Account account, String tokenHash) {
    update(
        "INSERT INTO accounts (id, name, token_hash) VALUES (?, ?, ?)",
        "account " + account.id() + " or its token hash already exists",
        null,
        account.id(),
        account.name(),
        tokenHash);
  }

  @Override
  public void updateAccountToken(String accountId, String tokenHash) {
    requireOne(
        update(
            "UPDATE accounts SET token_hash = ? WHERE id = ?",
            "another account has this token hash",
            null,
            tokenHash,
            accountId),
        "no account " + accountId);
  }

  @Override
  public void insertVpc(Vpc vpc) {
    update(
        "INSERT INTO vpcs (id, account_id, name, region) VALUES (?, ?, ?, ?)",
        "VPC " + vpc.id() + " already exists",
        "no account " + vpc.accountId() + " to own VPC " + vpc.id(),
        vpc.id(),
        vpc.accountId(),
        vpc.name(),
        vpc.region());
    insertCidrs(vpc.id(), vpc.cidrs());
  }

  private void insertCidrs(String vpcId, List<String> cidrs) {
    try (PreparedStatement statement =
        prepare("INSERT INTO vpc_cidrs (vpc_id, ordinal, cidr) VALUES (?, ?, ?)")) {
      for (int i = 0; i < cidrs.size(); i++) {
        Sql.bind(statement, vpcId, i, cidrs.get(i));
        statement.addBatch();
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw failed(Sql.translate(e, "insert the CIDRs of VPC " + vpcId, null, null));
    }
  }

  @Override
  public void deleteVpc(String vpcId) {
    requireOne(
        update(
            "DELETE FROM vpcs WHERE id = ?",
            null,
            "VPC " + vpcId + " is still associated with hosted zones",
            vpcId),
        "no VPC " + vpcId);
  }

  @Override
  public void insertZone(HostedZone zone) {
    update(
        "INSERT INTO hosted_zones (id, name, account_id, comment) VALUES (?, ?, ?, ?)",
        "hosted zone " + zone.id() + " already exists",
        "no account " + zone.accountId() + " to own hosted zone " + zone.id(),
        zone.id(),
        zone.name(),
        zone.accountId(),
        zone.comment());
  }

  @Override
  public void deleteZone(String zoneId) {
    requireOne(
        update("DELETE FROM hosted_zones WHERE id = ?", null, null, zoneId),
        "no hosted zone " + zoneId);
  }

  /**
   * Replacing a record set keeps its position in the zone's order; a new one goes to the end. The
   * set is sent with the next statement or at commit, so a missing zone is reported then.
   */
  @Override
  public void putRecordSet(String zoneId, RecordSet recordSet) {
    requireNoFailure();
    if ("".equals(recordSet.setIdentifier())) {
      throw failed(new StoreException("empty set identifier in " + recordSet.key()));
    }
    for (String record : recordSet.records()) {
      if (!Rows.isStorableRecord(record)) {
        throw failed(new StoreException("a record contains a line break in " + recordSet.key()));
      }
    }
    pending.put(zoneId, recordSet);
    if (pending.isFull()) {
      flushPending();
    }
  }

  @Override
  public void deleteRecordSet(String zoneId, RecordSetKey key) {
    Object[] keyValues = Rows.key(key);
    requireOne(
        update(
            "DELETE FROM record_sets WHERE zone_id = ? AND name = ? AND type = ?"
                + " AND set_identifier = ?",
            null,
            null,
            zoneId,
            keyValues[0],
            keyValues[1],
            keyValues[2]),
        "no record set " + key + " in hosted zone " + zoneId);
  }

  @Override
  public void addAuthorization(String zoneId, String vpcId) {
    update(
        "INSERT INTO zone_authorizations (zone_id, vpc_id) VALUES (?, ?)",
        "VPC " + vpcId + " is already authorized for hosted zone " + zoneId,
        "no hosted zone " + zoneId + " or no VPC " + vpcId,
        zoneId,
        vpcId);
  }

  @Override
  public void removeAuthorization(String zoneId, String vpcId) {
    requireOne(
        update(
            "DELETE FROM zone_authorizations WHERE zone_id = ? AND vpc_id = ?",
            null,
            null,
            zoneId,
            vpcId),
        "VPC " + vpcId + " is not authorized for hosted zone " + zoneId);
  }

  @Override
  public void addAssociation(String zoneId, String vpcId) {
    update(
        "INSERT INTO zone_associations (zone_id, vpc_id) VALUES (?, ?)",
        "VPC " + vpcId + " is already associated with hosted zone " + zoneId,
        "no hosted zone " + zoneId + " or no VPC " + vpcId,
        zoneId,
        vpcId);
  }

  @Override
  public void removeAssociation(String zoneId, String vpcId) {
    requireOne(
        update(
            "DELETE FROM zone_associations WHERE zone_id = ? AND vpc_id = ?",
            null,
            null,
            zoneId,
            vpcId),
        "VPC " + vpcId + " is not associated with hosted zone " + zoneId);
  }

  /** {@code submittedAt} is kept to the microsecond, the precision both databases store. */
  @Override
  public Change recordChange(String changeId, Instant submittedAt, String comment) {
    Change change =
        new Change(
            changeId, versionBefore + 1, submittedAt.truncatedTo(ChronoUnit.MICROS), comment);
    update(
        "INSERT INTO changes (id, version, submitted_at, comment) VALUES (?, ?, ?, ?)",
        "change " + changeId + " already exists",
        null,
        change.id(),
        change.version(),
        change.submittedAt(),
        change.comment());
    return change;
  }

  /** Runs an INSERT, UPDATE or DELETE and returns the number of rows it touched. */
  private int update(String sql, String ifDuplicate, String ifMissingReference, Object... params) {
    try (PreparedStatement statement = prepare(sql)) {
      Sql.bind(statement, params);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw failed(Sql.translate(e, "write the configuration", ifDuplicate, ifMissingReference));
    }
  }

  private void requireOne(int rows, String ifNone) {
    if (rows == 0) {
      throw failed(new StoreException(ifNone));
    }
  }
}
