package io.isthmus.server.forward;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A scripted upstream DNS server on a loopback address for fault injection: UDP and TCP on one
 * port, each query handed to the current behaviour, every query recorded. Real sockets; the
 * behaviour decides what (if anything) goes back, from where and when. Public for the end-to-end
 * tests of other packages (a lying upstream behind a running node).
 */
public final class FakeUpstream implements AutoCloseable {

  /** One query as the upstream saw it. */
  public record Received(Message query, InetSocketAddress sender, boolean tcp) {
    public String name() {
      return query.getQuestion().getName().toString();
    }
  }

  /** What to do with a UDP query. */
  @FunctionalInterface
  public interface UdpBehaviour {
    void handle(Message query, Replies replies) throws IOException;
  }

  /** What to answer a TCP query with; null closes the connection. */
  @FunctionalInterface
  public interface TcpBehaviour {
    Message handle(Message query);
  }

  /** The ways a behaviour can answer one UDP query. */
  public final class Replies {
    private final InetSocketAddress client;

    private Replies(InetSocketAddress client) {
      this.client = client;
    }

    /** The client's source port: which of its sockets sent the query. */
    public int clientPort() {
      return client.getPort();
    }

    public void send(Message reply) throws IOException {
      send(reply.toWire());
    }

    public void send(byte[] bytes) throws IOException {
      udp.send(new DatagramPacket(bytes, bytes.length, client));
    }

    /** Sends from another port of the same address, as an off-path spoofer would. */
    public void sendFromAnotherPort(Message reply) throws IOException {
      try (DatagramSocket other =
          new DatagramSocket(new InetSocketAddress(address.getAddress(), 0))) {
        byte[] bytes = reply.toWire();
        other.send(new DatagramPacket(bytes, bytes.length, client));
      }
    }

    public void sendLater(Message reply, Duration delay) {
      scheduler.schedule(
          () -> {
            try {
              send(reply);
            } catch (IOException closed) {
              // The test is over.
            }
          },
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private final InetSocketAddress address;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile UdpBehaviour udpBehaviour =
      (query, replies) -> replies.send(answer(query, "192.0.2.1"));
  private volatile TcpBehaviour tcpBehaviour = query -> answer(query, "192.0.2.1");

  private FakeUpstream(DatagramSocket udp, ServerSocket tcp) {
    this.udp = udp;
    this.tcp = tcp;
    this.address = (InetSocketAddress) udp.getLocalSocketAddress();
    Thread udpLoop = new Thread(this::serveUdp, "fake-upstream-udp-" + address);
    udpLoop.setDaemon(true);
    udpLoop.start();
    Thread tcpLoop = new Thread(this::serveTcp, "fake-upstream-tcp-" + address);
    tcpLoop.setDaemon(true);
    tcpLoop.start();
  }

  /** Starts on {@code ip} (e.g. 127.0.0.11), UDP and TCP on the same free port. */
  public static FakeUpstream start(String ip) throws IOException {
    InetAddress host = InetAddress.getByName(ip);
    for (int attempt = 0; ; attempt++) {
      DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, 0));
      // Room for bursts of hundreds of queries: one thread serves them, and a query lost here
      // would fail a test as a timeout of the forwarder.
      udp.setReceiveBufferSize(4 << 20);
      try {
        ServerSocket tcp = new ServerSocket();
        tcp.bind(new InetSocketAddress(host, udp.getLocalPort()));
        return new FakeUpstream(udp, tcp);
      } catch (BindException taken) {
        udp.close();
        if (attempt == 10) {
          throw taken;
        }
      }
    }
  }

  public InetSocketAddress address() {
    return address;
  }

  public void udp(UdpBehaviour behaviour) {
    this.udpBehaviour = behaviour;
  }

  public void tcp(TcpBehaviour behaviour) {
    this.tcpBehaviour = behaviour;
  }

  /** Answers nothing over UDP. */
  public void blackHole() {
    udp((query, replies) -> {});
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> receivedFor(String name) {
    return received.stream().filter(r -> r.name().equalsIgnoreCase(name)).toList();
  }

  @Override
  public void close() throws IOException {
    scheduler.shutdownNow();
    udp.close();
    tcp.close();
  }

  /** A NOERROR reply with A records (TTL 300) for the question, echoing ID and question. */
  public static Message answer(Message query, String... addresses) {
    Message reply = reply(query, Rcode.NOERROR);
    for (String address : addresses) {
      reply.addRecord(
          ForwardCacheTest.record(query.getQuestion().getName() + " 300 IN A " + address),
          Section.ANSWER);
    }
    return reply;
  }

  /** An empty reply with {@code rcode}, echoing ID and question. */
  public static Message reply(Message query, int rcode) {
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setFlag(Flags.RD);
    reply.getHeader().setFlag(Flags.RA);
    reply.getHeader().setRcode(rcode);
    reply.addRecord(query.getQuestion(), Section.QUESTION);
    return reply;
  }

  public static Message withRecords(Message reply, int section, Record... records) {
    for (Record record : records) {
      reply.addRecord(record, section);
    }
    return reply;
  }

  private void serveUdp() {
    byte[] buffer = new byte[65535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        InetSocketAddress sender = (InetSocketAddress) packet.getSocketAddress();
        received.add(new Received(query, sender, false));
        udpBehaviour.handle(query, new Replies(sender));
      } catch (IOException e) {
        if (udp.isClosed()) {
          return;
        }
        // An unparseable query: ignore it, like a server would.
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (Socket connection = tcp.accept()) {
        DataInputStream in = new DataInputStream(connection.getInputStream());
        byte[] bytes = new byte[in.readUnsignedShort()];
        in.readFully(bytes);
        Message query = new Message(bytes);
        received.add(
            new Received(query, (InetSocketAddress) connection.getRemoteSocketAddress(), true));
        Message reply = tcpBehaviour.handle(query);
        if (reply != null) {
          byte[] wire = reply.toWire();
          DataOutputStream out = new DataOutputStream(connection.getOutputStream());
          out.writeShort(wire.length);
          out.write(wire);
          out.flush();
        }
      } catch (IOException e) {
        if (tcp.isClosed()) {
          return;
        }
        // The client went away; serve the next connection.
      }
    }
  }
}
