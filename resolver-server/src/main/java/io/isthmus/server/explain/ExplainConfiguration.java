package io.isthmus.server.explain;

import io.isthmus.admin.explain.ExplainPort;
import io.isthmus.route.Explainer;
import io.isthmus.route.Resolver;
import io.isthmus.server.forward.Forwarder;
import io.isthmus.server.snapshot.SnapshotHolder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admin API's explain port, on the node's own snapshot holder, resolver and forwarder, so an
 * explanation reads exactly what the DNS listeners answer from.
 */
@Configuration(proxyBeanMethods = false)
public class ExplainConfiguration {

  @Bean
  ExplainPort explainPort(SnapshotHolder holder, Resolver resolver, Forwarder forwarder) {
    return new ExplainAdapter(holder, new Explainer(resolver), forwarder);
  }
}
