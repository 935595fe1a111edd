package dev.regatta.runner.workloads.http;

import dev.regatta.runner.transport.TlsSettings;
import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.runner.workload.RunContext;
import dev.regatta.runner.workload.NonBlockingConnection;
import dev.regatta.runner.workload.NonBlockingWorkload;
import dev.regatta.runner.workload.TargetUnreachableException;
import dev.regatta.runner.workload.Workload;
import dev.regatta.runner.workload.WorkloadConnection;
import dev.regatta.runner.workload.WorkloadException;
import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.units.Durations;
import dev.regatta.units.Humanize;
import dev.regatta.units.Sizes;
import dev.regatta.validation.HeaderRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * The http workload: HTTP/1.1, the request encoded once and written with one call, the response parsed in
 * place and read in buffers of bufferSize. Both load models, HTTP and HTTPS, run on the event loops
 * ({@link HttpNioConnection}, TLS through an SSLEngine); the blocking {@link HttpConnection} only checks the
 * target in prepare. Measured against the JDK HttpClient and wrk: see the commits that introduced these
 * classes.
 */
public final class HttpTarget implements NonBlockingWorkload {
  public static final int DEFAULT_BUFFER_SIZE = 16384;

  final String url;
  final String host;
  final int port;
  final boolean tls;
  final boolean keepAlive;
  final boolean headRequest;
  final int bufferSize;
  final int timeoutMillis;
  final byte[] request;
  final SSLSocketFactory sslFactory;
  /** https://: the TLS settings of the event-loop connections (null for http://). */
  final TlsSettings tlsSettings;
  final boolean verifyHostname;
  /** http.expect, or null: judged on every response (ResponseChecks). */
  final ResponseChecks checks;

  public HttpTarget(HttpWorkload spec, RunContext ctx) {
    if (spec.getUrl() == null || spec.getUrl().isBlank()) {
      throw new IllegalArgumentException("http: url is required");
    }
    this.url = spec.getUrl();
    URI u;
    try {
      u = URI.create(spec.getUrl());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Humanize.quote(spec.getUrl()) + " is not a URL", e);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
      throw new IllegalArgumentException(Humanize.quote(spec.getUrl()) + " is not an http:// or https:// URL");
    }
    this.tls = scheme.equals("https");
    this.host = u.getHost();
    this.port = u.getPort() > 0 ? u.getPort() : (tls ? 443 : 80);
    this.keepAlive = spec.getKeepAlive() == null || spec.getKeepAlive();
    String method = spec.getMethod() == null ? "GET" : spec.getMethod().toUpperCase(Locale.ROOT);
    this.headRequest = method.equals("HEAD");
    this.bufferSize = (int) Sizes.parse(spec.getBufferSize(), DEFAULT_BUFFER_SIZE);
    if (bufferSize < 1) {
      throw new IllegalArgumentException("http: bufferSize must be at least 1");
    }
    this.timeoutMillis = spec.getTimeout() != null ? (int) Durations.parse(spec.getTimeout()).toMillis() : ctx.timeoutMillis();
    this.request = encodeRequest(method, u, spec);
    this.checks = ResponseChecks.of(spec.getExpect());
    boolean insecure = Boolean.TRUE.equals(spec.getInsecure());
    this.verifyHostname = !insecure;
    if (tls) {
      String pem = ctx.caPem(spec.getCaSecret());
      this.tlsSettings = TlsSettings.of(insecure, pem);
      this.sslFactory = tlsSettings.context().getSocketFactory();
    } else {
      this.tlsSettings = null;
      this.sslFactory = null;
    }
  }

  private byte[] encodeRequest(String method, URI u, HttpWorkload spec) {
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    if (u.getRawQuery() != null) {
      path += "?" + u.getRawQuery();
    }
    byte[] body = null;
    if (spec.getBodySize() != null) {
      long size = Sizes.parse(spec.getBodySize(), 0);
      if (size < 0 || size > Limits.MAX_OBJECT_SIZE) {
        throw new IllegalArgumentException("http: bodySize must be between 0 and " + Sizes.format(Limits.MAX_OBJECT_SIZE));
      }
      body = new byte[(int) size];
      java.util.Arrays.fill(body, (byte) 'x');
    } else if (spec.getBody() != null) {
      body = spec.getBody().getBytes(StandardCharsets.UTF_8);
    }
    StringBuilder h = new StringBuilder();
    h.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    boolean hasHost = false;
    boolean hasAgent = false;
    Map<String, String> headers = spec.getHeaders();
    if (headers != null) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        // The request is written as text: a CR or LF here would end the header and start one of the run's own.
        String problem = HeaderRules.problem(e.getKey(), e.getValue());
        if (problem != null) {
          throw new IllegalArgumentException("http: " + problem);
        }
        hasHost |= e.getKey().equalsIgnoreCase("host");
        hasAgent |= e.getKey().equalsIgnoreCase("user-agent");
      }
    }
    if (!hasHost) {
      boolean defaultPort = port == (tls ? 443 : 80);
      h.append("Host: ").append(host.contains(":") ? "[" + host + "]" : host)
          .append(defaultPort ? "" : ":" + port).append("\r\n");
    }
    if (!hasAgent) {
      h.append("User-Agent: regatta-runner\r\n");
    }
    if (headers != null) {
      headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
    }
    if (body != null) {
      h.append("Content-Length: ").append(body.length).append("\r\n");
    }
    if (!keepAlive) {
      h.append("Connection: close\r\n");
    }
    h.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  /** Checks that the target answers one request; a connect failure is the one clear line users see. */
  @Override
  public void prepare() throws Exception {
    try (HttpConnection c = new HttpConnection(this)) {
      try {
        c.open();
      } catch (IOException e) {
        throw new TargetUnreachableException(url, e);
      }
      try {
        c.execute();
      } catch (WorkloadException e) {
        // an HTTP error status is a result to count, not a reason to stop
      } catch (IOException e) {
        throw new TargetUnreachableException(url, e);
      }
    }
  }

  @Override
  public NonBlockingConnection connectNonBlocking() throws Exception {
    try {
      return new HttpNioConnection(this);
    } catch (IOException e) {
      throw new TargetUnreachableException(url, e);
    }
  }

  @Override
  public java.time.Duration operationTimeout() {
    return java.time.Duration.ofMillis(timeoutMillis);
  }

  @Override
  public WorkloadConnection connect() throws Exception {
    HttpConnection c = new HttpConnection(this);
    try {
      c.open();
    } catch (IOException e) {
      throw new TargetUnreachableException(url, e);
    }
    return c;
  }
}
