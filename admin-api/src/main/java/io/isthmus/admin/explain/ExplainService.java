package io.isthmus.admin.explain;

import io.isthmus.admin.Ids;
import io.isthmus.admin.addresses.AddressSpec;
import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.vpcs.VpcAccess;
import io.isthmus.config.ConfigStore;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * Who may see an explanation (docs/spec/admin-api.md "Conventions"): an account, its own VPCs only;
 * the operator, every VPC. A VPC of another account is not found, whether named by id or reached
 * through a source address inside it. Within a visible VPC everything the VPC sees is explained,
 * including the records of zones and the rules of other accounts associated with it: that is what
 * its clients get from {@code dig}. Thread-safe.
 */
@Service
public class ExplainService {
  private final ConfigStore store;
  private final ExplainPort port;

  public ExplainService(ConfigStore store, ExplainPort port) {
    this.store = store;
    this.port = port;
  }

  /**
   * Explains a query. A VPC named by a well-formed id is checked first, before the other parameters
   * are read, so that no answer tells another account's VPC from one that does not exist; a
   * malformed one is reported with the other parameters, or else found nowhere.
   *
   * @param vpcId the {@code vpcId} parameter as given, or null
   * @param parameters reads and validates all the parameters
   */
  public ExplainJson explain(Caller caller, String vpcId, Supplier<ExplainQuery> parameters) {
    if (vpcId != null && Ids.isVpcId(vpcId.trim())) {
      VpcAccess.readable(store, caller, vpcId.trim());
    }
    ExplainQuery query = parameters.get();
    if (query.vpcId() != null) {
      VpcAccess.readable(store, caller, query.vpcId());
    }
    ExplainResult result = port.explain(query);
    if (result.vpcAccountId() != null && !caller.canRead(result.vpcAccountId())) {
      // The same answer as for an unknown VPC: the address must not reveal whose VPC holds it.
      throw ApiException.notFound(
          "NoSuchVpc",
          query.listener() == null
              ? "No VPC of yours holds the source address " + query.sourceIp() + "."
              : "No VPC of yours listens on "
                  + AddressSpec.describe(query.listener())
                  + " for the source address "
                  + query.sourceIp()
                  + ".");
    }
    return result.explanation();
  }
}
