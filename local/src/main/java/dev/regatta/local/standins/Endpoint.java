package dev.regatta.local.standins;

/** A network address a run names: what kind of server is expected there, and where. */
public record Endpoint(Kind kind, String host, int port, boolean tls) {
  public enum Kind { HTTP, S3, KAFKA, REDIS, GRPC }

  public String hostPort() {
    return host + ":" + port;
  }

  /**
   * Names that only resolve inside a cluster: Service DNS names (x.ns.svc, x.ns.svc.cluster.local) and
   * single-label names. Anything else (a public name, an IP, localhost) is reached as it is.
   */
  public static boolean clusterInternal(String host) {
    String h = host.toLowerCase(java.util.Locale.ROOT);
    if (h.equals("localhost") || h.matches("[0-9.]+") || h.contains(":")) {
      return false;
    }
    return h.endsWith(".svc") || h.endsWith(".cluster.local") || !h.contains(".");
  }
}
