package dev.regatta.runner.workloads.http;

import dev.regatta.runner.record.Recorder;
import dev.regatta.runner.workload.ConnectionCounters;
import dev.regatta.runner.workload.NonBlockingConnection;
import dev.regatta.runner.transport.Transport;
import dev.regatta.runner.workload.WorkloadException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * HTTP/1.1 on a non-blocking channel for the event-loop driver: the request is written from one
 * pre-encoded buffer, the response parsed incrementally as bytes arrive, each read taking at most
 * bufferSize bytes. Nothing is allocated per request on the success path. The bytes go through a
 * {@link Transport} (plain TCP, or TLS for https://): this class only speaks HTTP.
 */
final class HttpNioConnection implements NonBlockingConnection {
  private enum State { STATUS, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, TO_EOF }

  private final HttpTarget t;
  private final ByteBuffer request;
  private final ByteBuffer in;
  private final HeaderLine line = new HeaderLine();
  private Transport transport;
  private State state;
  private int status;
  private long contentLength;
  private boolean chunked;
  private boolean close;
  private long remaining;
  private long bodyBytes;
  private long lastBytes;
  private boolean reopen;
  /** Bytes moved and check outcomes, handed to the engine before the next request starts. */
  private final ConnectionCounters counters;
  /** The body, kept for checks that read it; null when none does. */
  private final BodyCapture body;

  HttpNioConnection(HttpTarget target) throws IOException {
    this.t = target;
    this.request = ByteBuffer.wrap(target.request);
    this.in = ByteBuffer.allocate(target.bufferSize);
    this.counters = new ConnectionCounters(target.checks == null ? null : target.checks.names());
    this.body = target.checks != null && target.checks.needsBody() ? new BodyCapture() : null;
    open();
  }

  @Override
  public void drainStats(Recorder to) {
    counters.drainInto(to);
  }

  private void open() throws IOException {
    transport = Transport.open(t.host, t.port, t.timeoutMillis, t.tlsSettings);
    transport.nonBlocking();
    reopen = false;
  }

  @Override
  public SocketChannel channel() {
    return transport.channel();
  }

  @Override
  public void begin() throws IOException {
    if (reopen) {
      // the last response said Connection: close (or keep-alive is off): a new connection is part of this request
      closeChannel();
      open();
    }
    state = State.STATUS;
    line.reset();
    contentLength = -1;
    chunked = false;
    close = !t.keepAlive;
    bodyBytes = 0;
    if (body != null) {
      body.reset();
    }
    in.clear();
    request.clear();
    write();
  }

  @Override
  public boolean wantsWrite() {
    return request.hasRemaining() || transport.pendingWrite();
  }

  @Override
  public void onWritable() throws IOException {
    write();
  }

  /** Counts the request's bytes the transport took (the protocol's bytes: with TLS, before encryption). */
  private void write() throws IOException {
    int before = request.position();
    transport.write(request);
    counters.sent(request.position() - before);
  }

  @Override
  public boolean onReadable() throws Exception {
    // TLS may hold decrypted bytes the socket will not signal again: read until the transport has none
    do {
      in.clear();
      int n = transport.read(in);
      if (n < 0) {
        if (state == State.TO_EOF) {
          return complete();
        }
        throw new EOFException("connection closed by the server");
      }
      counters.received(n);
      in.flip();
      if (parse()) {
        return complete();
      }
    } while (transport.buffered());
    return false;
  }

  /** Parses the bytes in {@code in}; true when the response is complete. */
  private boolean parse() throws IOException {
    while (in.hasRemaining()) {
      switch (state) {
        case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
          if (!line.feed(in)) {
            return false;
          }
          if (onLine()) {
            return true;
          }
        }
        case BODY, CHUNK_DATA -> {
          int take = (int) Math.min(remaining, in.remaining());
          if (body != null) {
            body.append(in.array(), in.arrayOffset() + in.position(), take);
          }
          in.position(in.position() + take);
          remaining -= take;
          bodyBytes += take;
          if (remaining == 0) {
            if (state == State.BODY) {
              return true;
            }
            state = State.CHUNK_END;
          }
        }
        case TO_EOF -> {
          bodyBytes += in.remaining();
          if (body != null) {
            body.append(in.array(), in.arrayOffset() + in.position(), in.remaining());
          }
          in.position(in.limit());
        }
      }
    }
    return false;
  }

  /** Handles a complete line; true when the response is complete. */
  private boolean onLine() throws IOException {
    switch (state) {
      case STATUS -> {
        status = line.status();
        close |= line.isHttp10();
        state = State.HEADERS;
      }
      case HEADERS -> {
        if (line.length() == 0) {
          return bodyStart();
        }
        if (line.startsWithIgnoreCase(HeaderLine.CONTENT_LENGTH)) {
          contentLength = line.number(HeaderLine.CONTENT_LENGTH.length);
        } else if (line.startsWithIgnoreCase(HeaderLine.TRANSFER_ENCODING)) {
          chunked = line.containsIgnoreCase("chunked");
        } else if (line.startsWithIgnoreCase(HeaderLine.CONNECTION) && line.containsIgnoreCase("close")) {
          close = true;
        }
      }
      case CHUNK_SIZE -> {
        long size = line.hex();
        if (size == 0) {
          state = State.TRAILERS;
        } else {
          remaining = size;
          state = State.CHUNK_DATA;
        }
      }
      case CHUNK_END -> state = State.CHUNK_SIZE;
      case TRAILERS -> {
        if (line.length() == 0) {
          return true;
        }
      }
      default -> throw new IllegalStateException(state.name());
    }
    line.reset();
    return false;
  }

  private boolean bodyStart() {
    line.reset();
    if (t.headRequest || status == 204 || status == 304 || status / 100 == 1) {
      return true;
    }
    if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (contentLength >= 0) {
      if (contentLength == 0) {
        return true;
      }
      remaining = contentLength;
      state = State.BODY;
    } else {
      state = State.TO_EOF;
      close = true;
    }
    return false;
  }

  private boolean complete() throws WorkloadException {
    lastBytes = bodyBytes;
    reopen = close;
    String error = ResponseChecks.judge(t.checks, status, body, counters);
    if (error != null) {
      throw new WorkloadException(error, "HTTP " + status);
    }
    return true;
  }

  @Override
  public long bytes() {
    return lastBytes;
  }

  @Override
  public void reset() throws IOException {
    closeChannel();
    open();
  }

  private void closeChannel() {
    if (transport != null) {
      transport.close();
    }
  }

  @Override
  public void close() {
    closeChannel();
  }
}
