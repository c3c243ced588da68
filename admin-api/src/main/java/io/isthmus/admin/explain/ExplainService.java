package io.isthmus.admin.explain;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.vpcs.VpcAccess;
import io.isthmus.config.ConfigStore;
import org.springframework.stereotype.Service;

/**
 * Who may see an explanation (admin-api.md "Conventions"): an account, its own VPCs only; the
 * operator, every VPC. A VPC of another account is not found, whether named by id or reached
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

  public ExplainJson explain(Caller caller, ExplainQuery query) {
    if (query.vpcId() != null) {
      VpcAccess.readable(store, caller, query.vpcId());
    }
    ExplainResult result = port.explain(query);
    if (result.vpcAccountId() != null && !caller.canRead(result.vpcAccountId())) {
      // The same answer as for an unknown VPC: the address must not reveal whose VPC holds it.
      throw ApiException.notFound(
          "NoSuchVpc", "No VPC of yours holds the source address " + query.sourceIp() + ".");
    }
    return result.explanation();
  }
}
