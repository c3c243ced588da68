package io.isthmus.server.dns;

import io.isthmus.route.Resolution;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Name;

/**
 * Resolves one IN-class question in the context of the VPC that asks (spec §1): {@code source} is
 * the client, {@code local} the listener address the query arrived on (an inbound endpoint or the
 * VPC resolver address). {@code qname} keeps the case the client sent (0x20).
 *
 * <p>Implementations never throw for bad input and never block: they run inline on a Netty event
 * loop. Local answers return an already completed stage; forwarded ones complete later. An
 * implementation that throws or completes exceptionally is treated as a bug: the query gets
 * SERVFAIL and {@link QueryPipeline#internalErrors()} counts it.
 */
@FunctionalInterface
public interface QueryResolver {
  CompletionStage<Resolution> resolve(
      InetSocketAddress source, InetSocketAddress local, Name qname, int qtype);
}
