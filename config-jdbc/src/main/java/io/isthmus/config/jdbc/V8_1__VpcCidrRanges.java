package io.isthmus.config.jdbc;

import io.isthmus.config.Cidr;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills in {@code family} and {@code first_address} of the VPC CIDRs stored before V8 (a Java
 * migration: SQL cannot parse an address on both databases). A stored text that does not parse,
 * which no version of the API wrote, is left without them and so never found overlapping.
 */
public final class V8_1__VpcCidrRanges extends BaseJavaMigration {
  private record Row(String vpcId, int ordinal, Cidr cidr) {}

  @Override
  public void migrate(Context context) throws Exception {
    Connection connection = context.getConnection();
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT vpc_id, ordinal, cidr FROM vpc_cidrs WHERE family IS NULL");
        ResultSet result = select.executeQuery()) {
      while (result.next()) {
        String vpcId = result.getString(1);
        int ordinal = result.getInt(2);
        Cidr.parse(result.getString(3)).ifPresent(cidr -> rows.add(new Row(vpcId, ordinal, cidr)));
      }
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE vpc_cidrs SET family = ?, first_address = ? WHERE vpc_id = ? AND ordinal = ?")) {
      for (Row row : rows) {
        update.setInt(1, VpcCidrRanges.family(row.cidr()));
        update.setBigDecimal(2, new java.math.BigDecimal(VpcCidrRanges.first(row.cidr())));
        update.setString(3, row.vpcId());
        update.setInt(4, row.ordinal());
        update.addBatch();
      }
      update.executeBatch();
    }
  }
}
