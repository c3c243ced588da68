package io.isthmus.admin.nodes;

import io.isthmus.admin.auth.Caller;
import io.isthmus.admin.paging.PageRequest;
import io.isthmus.admin.paging.Paginator;
import io.isthmus.admin.problem.ApiException;
import io.isthmus.admin.web.PageJson;
import io.isthmus.config.ConfigStore;
import io.isthmus.config.LeaseStore;
import io.isthmus.config.NodeRegistry;
import io.isthmus.config.RegisteredNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/nodes}: the resolver nodes sharing the store, for the operator. A node is LIVE
 * while its last heartbeat is within {@link RegisteredNode#LIVENESS_WINDOW}, STALE after; stale
 * nodes stay listed until they are forgotten. Without a {@link NodeRegistry} the list is empty.
 * What a node cannot report itself is read here from the store: the health lease's holder and the
 * configuration version (docs/spec/operations.md "Several nodes, shared store").
 */
@RestController
class NodeController {
  private static final Paginator<RegisteredNode> PAGES =
      Paginator.byId(
          RegisteredNode::nodeId, id -> new RegisteredNode(id, List.of(), 0, null, null));

  private final ObjectProvider<NodeRegistry> nodes;
  private final ObjectProvider<LeaseStore> leases;
  private final ConfigStore store;
  private final Clock clock;

  NodeController(
      ObjectProvider<NodeRegistry> nodes,
      ObjectProvider<LeaseStore> leases,
      ConfigStore store,
      Clock clock) {
    this.nodes = nodes;
    this.leases = leases;
    this.store = store;
    this.clock = clock;
  }

  @GetMapping("/v1/nodes")
  PageJson<NodeJson> list(
      Caller caller,
      @RequestParam(required = false) String maxItems,
      @RequestParam(required = false) String nextToken) {
    if (!caller.isOperator()) {
      throw ApiException.accessDenied("Only the operator may list the resolver nodes.");
    }
    PageRequest request = PageRequest.parse(maxItems, nextToken);
    NodeRegistry registry = nodes.getIfAvailable();
    List<RegisteredNode> all = registry == null ? List.of() : registry.nodes();
    Instant now = clock.instant();
    LeaseStore leaseStore = leases.getIfAvailable();
    String leader =
        leaseStore == null ? null : leaseStore.holder(LeaseStore.HEALTH_EVALUATION).orElse(null);
    long version = store.version();
    return PageJson.of(PAGES.page(all, request), node -> NodeJson.of(node, now, leader, version));
  }
}
