package io.isthmus.admin.explain;

/**
 * The data plane's side of {@code GET /v1/resolver/explain}: how this node would resolve a query
 * now, from the configuration snapshot it serves (docs/spec/admin-api.md "Troubleshooting"). The
 * application provides it; the admin API only checks who may see the answer. Implementations are
 * thread-safe and never send a query anywhere: forwarding is described, not performed.
 */
public interface ExplainPort {

  /**
   * Explains {@code query}. A source address in no VPC is not an error: the result says REFUSED and
   * why, with a null {@link ExplainResult#vpcAccountId()}.
   *
   * @throws io.isthmus.admin.problem.ApiException 503 NotReady before the node's first snapshot
   */
  ExplainResult explain(ExplainQuery query);
}
