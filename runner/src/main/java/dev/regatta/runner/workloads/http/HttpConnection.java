package dev.regatta.runner.workloads.http;

import dev.regatta.runner.record.Recorder;
import dev.regatta.runner.workload.ConnectionCounters;
import dev.regatta.runner.workload.WorkloadConnection;
import dev.regatta.runner.workload.WorkloadException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection on a blocking socket, used by one thread. The response is parsed in place: no
 * per-request allocation on the success path. Reads ask the socket for at most bufferSize bytes each, which
 * is what the read-size sweep varies. A broken connection is closed and reopened by the next request.
 */
final class HttpConnection implements WorkloadConnection {
  private static final byte[] CONTENT_LENGTH = "content-length:".getBytes();
  private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes();
  private static final byte[] CONNECTION = "connection:".getBytes();

  private final HttpTarget t;
  private final byte[] buf;
  private final byte[] line = new byte[8192];
  private int lineLen;
  private int pos;
  private int lim;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  /** Bytes moved (above TLS) and check outcomes, handed to the engine after each request. */
  private final ConnectionCounters counters;
  /** The body, kept for checks that read it; null when none does. */
  private final BodyCapture body;

  HttpConnection(HttpTarget target) {
    this.t = target;
    this.buf = new byte[target.bufferSize];
    this.counters = new ConnectionCounters(target.checks == null ? null : target.checks.names());
    this.body = target.checks != null && target.checks.needsBody() ? new BodyCapture() : null;
  }

  @Override
  public void drainStats(Recorder to) {
    counters.drainInto(to);
  }

  void open() throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(t.host, t.port), t.timeoutMillis);
      s.setSoTimeout(t.timeoutMillis);
      if (t.tls) {
        SSLSocket ssl = (SSLSocket) t.sslFactory.createSocket(s, t.host, t.port, true);
        if (t.verifyHostname) {
          SSLParameters p = ssl.getSSLParameters();
          p.setEndpointIdentificationAlgorithm("HTTPS");
          ssl.setSSLParameters(p);
        }
        ssl.startHandshake();
        s = ssl;
      }
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    socket = s;
    in = s.getInputStream();
    out = s.getOutputStream();
    pos = 0;
    lim = 0;
  }

  @Override
  public long execute() throws Exception {
    if (socket == null) {
      open();
    }
    int status;
    long bodyBytes;
    boolean close;
    if (body != null) {
      body.reset();
    }
    try {
      out.write(t.request);
      out.flush();
      counters.sent(t.request.length);
      // status line
      readLine();
      if (lineLen < 12 || line[0] != 'H' || line[4] != '/') {
        throw new IOException("not an HTTP/1.x response");
      }
      status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
      boolean http10 = line[7] == '0';
      long contentLength = -1;
      boolean chunked = false;
      close = !t.keepAlive || http10;
      while (true) {
        readLine();
        if (lineLen == 0) {
          break;
        }
        if (startsWithIgnoreCase(CONTENT_LENGTH)) {
          contentLength = parseLong(CONTENT_LENGTH.length);
        } else if (startsWithIgnoreCase(TRANSFER_ENCODING)) {
          chunked = containsIgnoreCase("chunked");
        } else if (startsWithIgnoreCase(CONNECTION)) {
          if (containsIgnoreCase("close")) {
            close = true;
          } else if (containsIgnoreCase("keep-alive")) {
            close = !t.keepAlive;
          }
        }
      }
      if (t.headRequest || status == 204 || status == 304 || status / 100 == 1) {
        bodyBytes = 0;
      } else if (chunked) {
        bodyBytes = readChunked();
      } else if (contentLength >= 0) {
        bodyBytes = skip(contentLength);
      } else {
        bodyBytes = readToEof();
        close = true;
      }
    } catch (IOException | RuntimeException e) {
      closeSocket();
      throw e;
    }
    if (close) {
      closeSocket();
    }
    String error = ResponseChecks.judge(t.checks, status, body, counters);
    if (error != null) {
      throw new WorkloadException(error, "HTTP " + status + (error.startsWith(ResponseChecks.CHECK_ERROR)
          ? ", failed " + error : ""));
    }
    return bodyBytes;
  }

  private void fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n < 0) {
      throw new EOFException("connection closed by the server");
    }
    counters.received(n);
    pos = 0;
    lim = n;
  }

  /** Reads one line into {@code line} without its CR LF; an over-long line is truncated. */
  private void readLine() throws IOException {
    lineLen = 0;
    while (true) {
      if (pos == lim) {
        fill();
      }
      byte b = buf[pos++];
      if (b == '\n') {
        if (lineLen > 0 && line[lineLen - 1] == '\r') {
          lineLen--;
        }
        return;
      }
      if (lineLen < line.length) {
        line[lineLen++] = b;
      }
    }
  }

  private long skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      if (pos == lim) {
        fill();
      }
      int take = (int) Math.min(left, lim - pos);
      if (body != null) {
        body.append(buf, pos, take);
      }
      pos += take;
      left -= take;
    }
    return n;
  }

  private long readChunked() throws IOException {
    long total = 0;
    while (true) {
      readLine();
      long size = 0;
      for (int i = 0; i < lineLen; i++) {
        int d = Character.digit(line[i], 16);
        if (d < 0) {
          break; // chunk extensions follow
        }
        size = size * 16 + d;
      }
      if (size == 0) {
        do {
          readLine(); // trailers, then the empty line
        } while (lineLen > 0);
        return total;
      }
      total += skip(size);
      readLine(); // CRLF after the chunk
    }
  }

  private long readToEof() throws IOException {
    long total = lim - pos;
    if (body != null) {
      body.append(buf, pos, lim - pos);
    }
    pos = lim;
    int n;
    while ((n = in.read(buf, 0, buf.length)) >= 0) {
      total += n;
      counters.received(n);
      if (body != null) {
        body.append(buf, 0, n);
      }
    }
    return total;
  }

  private boolean startsWithIgnoreCase(byte[] lowerPrefix) {
    if (lineLen < lowerPrefix.length) {
      return false;
    }
    for (int i = 0; i < lowerPrefix.length; i++) {
      byte b = line[i];
      if (b >= 'A' && b <= 'Z') {
        b += 32;
      }
      if (b != lowerPrefix[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean containsIgnoreCase(String lower) {
    outer:
    for (int i = 0; i + lower.length() <= lineLen; i++) {
      for (int j = 0; j < lower.length(); j++) {
        byte b = line[i + j];
        if (b >= 'A' && b <= 'Z') {
          b += 32;
        }
        if (b != lower.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private long parseLong(int from) throws IOException {
    long v = 0;
    boolean any = false;
    for (int i = from; i < lineLen; i++) {
      byte b = line[i];
      if (b == ' ' || b == '\t') {
        if (any) {
          break;
        }
        continue;
      }
      if (b < '0' || b > '9') {
        throw new IOException("bad Content-Length");
      }
      v = v * 10 + (b - '0');
      any = true;
    }
    return v;
  }

  private void closeSocket() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // already broken
      }
      socket = null;
    }
  }

  @Override
  public void close() {
    closeSocket();
  }
}
