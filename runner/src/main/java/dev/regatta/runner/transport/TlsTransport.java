package dev.regatta.runner.transport;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * TLS on a socket channel through an {@link SSLEngine}, so a TLS connection runs on the event loops like a
 * plain one. The handshake runs blocking at connect time (with the timeout); afterwards reads unwrap what
 * arrived into a buffer of decrypted bytes the protocol reads from, and writes wrap the request into records
 * written as the socket takes them. Buffers are allocated once per connection: nothing per request.
 */
final class TlsTransport extends Transport {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  private static final int RECORD_HEADER = 5;

  private final SSLEngine engine;
  /** Received, not yet unwrapped: [0, position) (write mode). */
  private final ByteBuffer netIn;
  /** Wrapped, not yet written: [position, limit) (read mode). */
  private final ByteBuffer netOut;
  /** Decrypted, not yet read by the protocol: [position, limit) (read mode). */
  private final ByteBuffer appIn;
  private boolean eof;
  private boolean closedInbound;

  TlsTransport(SocketChannel channel, String host, int port, TlsSettings tls) {
    super(channel);
    engine = tls.context().createSSLEngine(host, port); // the host name also goes out as SNI
    engine.setUseClientMode(true);
    if (tls.verifyHostname()) {
      SSLParameters p = engine.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(p);
    }
    SSLSession session = engine.getSession();
    netIn = ByteBuffer.allocate(session.getPacketBufferSize());
    netOut = ByteBuffer.allocate(session.getPacketBufferSize()).flip();
    appIn = ByteBuffer.allocate(session.getApplicationBufferSize()).flip();
  }

  @Override
  void handshake() throws IOException {
    engine.beginHandshake();
    while (true) {
      switch (engine.getHandshakeStatus()) {
        case NEED_WRAP -> {
          wrap(EMPTY);
          writeSocket(netOut);
        }
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          if (!unwrapOnce() && fillBlocking() < 0) {
            throw new EOFException("the server closed the connection during the TLS handshake");
          }
        }
        case NEED_TASK -> runTasks();
        default -> {
          return; // FINISHED or NOT_HANDSHAKING
        }
      }
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!appIn.hasRemaining()) {
      if (!eof && channel.read(netIn) < 0) {
        eof = true;
      }
      unwrapAvailable();
    }
    if (appIn.hasRemaining()) {
      return transfer(appIn, dst);
    }
    return eof || closedInbound ? -1 : 0;
  }

  @Override
  public void write(ByteBuffer src) throws IOException {
    if (netOut.hasRemaining()) {
      channel.write(netOut);
      if (netOut.hasRemaining()) {
        return;
      }
    }
    while (src.hasRemaining()) {
      wrap(src);
      channel.write(netOut);
      if (netOut.hasRemaining()) {
        return;
      }
    }
  }

  @Override
  public boolean pendingWrite() {
    return netOut.hasRemaining();
  }

  /** Decrypted bytes wait, or a whole record already arrived that the last read had no room to unwrap. */
  @Override
  public boolean buffered() {
    if (appIn.hasRemaining()) {
      return true;
    }
    int have = netIn.position();
    if (have < RECORD_HEADER) {
      return false;
    }
    int length = ((netIn.get(3) & 0xff) << 8) | (netIn.get(4) & 0xff);
    return have >= RECORD_HEADER + length;
  }

  @Override
  public void writeBlocking(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      wrap(b);
      writeSocket(netOut);
    }
  }

  @Override
  public int readBlocking(ByteBuffer dst) throws IOException {
    while (!appIn.hasRemaining()) {
      unwrapAvailable();
      if (appIn.hasRemaining()) {
        break;
      }
      if (closedInbound || fillBlocking() < 0) {
        return -1;
      }
    }
    return transfer(appIn, dst);
  }

  /** Unwraps every whole record received while there is room for its plaintext. */
  private void unwrapAvailable() throws IOException {
    while (netIn.position() > 0 && !closedInbound) {
      SSLEngineResult r = unwrap();
      switch (r.getStatus()) {
        case OK -> afterHandshakeMessage(r.getHandshakeStatus());
        case CLOSED -> closedInbound = true;
        default -> {
          return; // BUFFER_UNDERFLOW: a partial record; BUFFER_OVERFLOW: the protocol reads appIn first
        }
      }
      if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
        return;
      }
    }
  }

  /**
   * One unwrap from the received records into the plaintext buffer. Between calls netIn is kept in write mode
   * (the socket fills it) and appIn in read mode (the protocol drains it); this flips both around the call.
   */
  private SSLEngineResult unwrap() throws IOException {
    netIn.flip();
    appIn.compact();
    try {
      return engine.unwrap(netIn, appIn);
    } finally {
      appIn.flip();
      netIn.compact();
    }
  }

  /** TLS 1.3 sends messages after the handshake (session tickets, key updates); some want an answer. */
  private void afterHandshakeMessage(SSLEngineResult.HandshakeStatus hs) throws IOException {
    if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
      runTasks();
      hs = engine.getHandshakeStatus();
    }
    if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP && !netOut.hasRemaining()) {
      wrap(EMPTY);
      channel.write(netOut);
    }
  }

  /** During the handshake: one unwrap step; false when it needs more bytes from the socket. */
  private boolean unwrapOnce() throws IOException {
    SSLEngineResult r = unwrap();
    return switch (r.getStatus()) {
      case OK -> true;
      case BUFFER_UNDERFLOW -> false;
      case BUFFER_OVERFLOW -> throw new SSLException("TLS record larger than the session's buffer");
      case CLOSED -> throw new SSLException("the server closed TLS during the handshake");
    };
  }

  /** Wraps as much of {@code src} as one record takes into netOut, which must be empty. */
  private void wrap(ByteBuffer src) throws IOException {
    netOut.clear();
    SSLEngineResult r;
    try {
      r = engine.wrap(src, netOut);
    } finally {
      netOut.flip();
    }
    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
      throw new SSLException("the TLS connection is closed");
    }
    if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
      runTasks();
    }
  }

  private int fillBlocking() throws IOException {
    int n = readSocket(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
    if (n > 0) {
      netIn.position(netIn.position() + n);
    }
    return n;
  }

  private void runTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  private static int transfer(ByteBuffer src, ByteBuffer dst) {
    int n = Math.min(src.remaining(), dst.remaining());
    if (n == src.remaining()) {
      dst.put(src);
    } else {
      int limit = src.limit();
      src.limit(src.position() + n);
      dst.put(src);
      src.limit(limit);
    }
    return n;
  }
}
