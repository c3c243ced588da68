package io.isthmus.server.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Accepts a reply only if it answers our query: it comes from the target's address and port,
 * carries our ID, has QR set and repeats our question (RFC 5452 §3). Anything else is dropped and
 * counted, and the exchange keeps waiting for the real reply: answering the first packet that
 * arrives is what makes cache poisoning by spoofing possible. Thread-safe.
 */
final class ReplyValidator {

  private static final Logger log = LoggerFactory.getLogger(ReplyValidator.class);

  private static final int HEADER_LENGTH = 12;

  private final LongAdder dropped = new LongAdder();

  /**
   * The parsed reply, or null when it is not the reply to {@code query}.
   *
   * @param maxLength the largest acceptable reply: over UDP the payload size we advertised (RFC
   *     6891 §7: a responder must not send more), over TCP 65535
   */
  Message accept(
      OutboundQuery query,
      InetSocketAddress target,
      InetSocketAddress sender,
      ByteBuf content,
      int maxLength) {
    if (sender == null
        || !target.getAddress().equals(sender.getAddress())
        || target.getPort() != sender.getPort()) {
      return drop("from another address", target, sender);
    }
    int length = content.readableBytes();
    if (length > maxLength) {
      return drop("oversized (" + length + " bytes)", target, sender);
    }
    if (length < HEADER_LENGTH) {
      return drop("shorter than a header", target, sender);
    }
    // The ID first, before parsing: most spoofing attempts stop here cheaply.
    if (content.getUnsignedShort(content.readerIndex()) != query.id()) {
      return drop("wrong ID", target, sender);
    }
    Message reply;
    try {
      reply = new Message(ByteBufUtil.getBytes(content));
    } catch (Exception unparseable) {
      // WireParseException, but dnsjava may throw runtime exceptions on hostile bytes too.
      return drop("unparseable: " + unparseable.getMessage(), target, sender);
    }
    Header header = reply.getHeader();
    if (!header.getFlag(Flags.QR) || header.getOpcode() != Opcode.QUERY) {
      return drop("not a query response", target, sender);
    }
    if (!sameQuestion(query, reply)) {
      return drop("another question", target, sender);
    }
    return reply;
  }

  /**
   * Drops a datagram that matches no query in flight on its socket (an unknown ID, a late reply, a
   * runt): counted like any other invalid reply.
   */
  void unmatched(InetSocketAddress target, InetSocketAddress sender, int length) {
    drop("no query in flight with its ID (" + length + " bytes)", target, sender);
  }

  /** Replies dropped so far, over all exchanges. */
  long dropped() {
    return dropped.sum();
  }

  private static boolean sameQuestion(OutboundQuery query, Message reply) {
    if (reply.getSection(Section.QUESTION).size() != 1) {
      return false;
    }
    Record question = reply.getQuestion();
    // Name.equals ignores case (RFC 4343).
    return question.getName().equals(query.name())
        && question.getType() == query.type()
        && question.getDClass() == query.dclass();
  }

  private Message drop(String reason, InetSocketAddress target, InetSocketAddress sender) {
    dropped.increment();
    log.debug("Dropped reply for a query to {} from {}: {}", target, sender, reason);
    return null;
  }
}
