package dev.regatta.runner.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The byte stream under a protocol client (HTTP/1.1, RESP) on the event loops: plain TCP or TLS through an
 * SSLEngine. A protocol writes its request and parses what {@link #read} returns, whatever the transport;
 * the transport knows nothing of the protocol. Set-up (connect, TLS handshake, a protocol's own handshake
 * such as Redis AUTH) runs blocking, with the timeout, through {@link #writeBlocking} and
 * {@link #readBlocking}; then {@link #nonBlocking()} hands the channel to a selector.
 */
public abstract class Transport implements AutoCloseable {
  final SocketChannel channel;
  private InputStream blockingIn;
  private OutputStream blockingOut;

  Transport(SocketChannel channel) {
    this.channel = channel;
  }

  /**
   * Connects (blocking, TCP_NODELAY, within timeoutMillis) and, with {@code tls}, completes the TLS
   * handshake. The channel stays blocking until {@link #nonBlocking()}; closed again if a step fails.
   */
  public static Transport open(String host, int port, int timeoutMillis, TlsSettings tls) throws IOException {
    SocketChannel ch = SocketChannel.open();
    try {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.socket().connect(new InetSocketAddress(host, port), timeoutMillis);
      ch.socket().setSoTimeout(timeoutMillis);
      Transport t = tls == null ? new PlainTransport(ch) : new TlsTransport(ch, host, port, tls);
      t.handshake();
      return t;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  public SocketChannel channel() {
    return channel;
  }

  /** The TLS handshake (nothing for plain TCP). */
  void handshake() throws IOException {}

  /** Switches to non-blocking mode for the event loop. */
  public void nonBlocking() throws IOException {
    channel.configureBlocking(false);
  }

  /**
   * Reads what is available into {@code dst} (at most its remaining space): the number of bytes, 0 when
   * nothing is there yet, -1 at the end of the stream. Non-blocking mode.
   */
  public abstract int read(ByteBuffer dst) throws IOException;

  /** Takes as much of {@code src} as the socket accepts now; the rest stays in {@code src} (or {@link #pendingWrite()}). */
  public abstract void write(ByteBuffer src) throws IOException;

  /** True while bytes already taken from a {@link #write} caller still wait for the socket (TLS records). */
  public abstract boolean pendingWrite();

  /** True when {@link #read} can return bytes without the socket becoming readable again (decrypted, not yet read). */
  public abstract boolean buffered();

  /** Set-up only: writes all of {@code b} (blocking mode). */
  public abstract void writeBlocking(ByteBuffer b) throws IOException;

  /** Set-up only: reads at least one byte into {@code dst}, or -1 at the end; the timeout applies (blocking mode). */
  public abstract int readBlocking(ByteBuffer dst) throws IOException;

  /** Blocking reads through the socket's stream, which (unlike a channel) honours SO_TIMEOUT. */
  final int readSocket(byte[] b, int off, int len) throws IOException {
    if (blockingIn == null) {
      blockingIn = channel.socket().getInputStream();
    }
    return blockingIn.read(b, off, len);
  }

  final void writeSocket(ByteBuffer b) throws IOException {
    if (blockingOut == null) {
      blockingOut = channel.socket().getOutputStream();
    }
    blockingOut.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
    b.position(b.limit());
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // broken already
    }
  }
}
