package io.isthmus.server.dns;

import io.isthmus.route.Resolution;
import java.net.InetSocketAddress;
import org.xbill.DNS.Name;

/**
 * Resolves one IN-class question in the context of the VPC that asks (spec §1): {@code source} is
 * the client, {@code local} the listener address the query arrived on (an inbound endpoint or the
 * VPC resolver address). {@code qname} keeps the case the client sent (0x20).
 *
 * <p>Implementations never throw for bad input and never block: they run inline on a Netty event
 * loop. An implementation that throws is treated as a bug: the query gets SERVFAIL and {@link
 * QueryPipeline#internalErrors()} counts it.
 */
@FunctionalInterface
public interface QueryResolver {
  Resolution resolve(InetSocketAddress source, InetSocketAddress local, Name qname, int qtype);
}
