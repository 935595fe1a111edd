package dev.regatta.runner.workloads.redis;

import java.net.URI;

/** redis://[user:password@]host:port[/db] or rediss:// for TLS. */
record RedisUrl(String host, int port, boolean tls, String user, String password, int database, String text) {
  static RedisUrl parse(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + url + "' is not a Redis URL: use redis://host:port", e);
    }
    String scheme = u.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme) || u.getHost() == null) {
      throw new IllegalArgumentException("'" + url + "' is not a Redis URL: use redis://host:port or rediss://host:port");
    }
    String user = null;
    String password = null;
    if (u.getUserInfo() != null) {
      String[] parts = u.getUserInfo().split(":", 2);
      if (parts.length == 2) {
        user = parts[0].isEmpty() ? null : parts[0];
        password = parts[1];
      } else {
        password = parts[0];
      }
    }
    int db = 0;
    if (u.getPath() != null && u.getPath().length() > 1) {
      db = Integer.parseInt(u.getPath().substring(1));
    }
    // The text users see in messages never carries the password.
    String shown = scheme + "://" + u.getHost() + ":" + (u.getPort() < 0 ? 6379 : u.getPort());
    return new RedisUrl(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(), "rediss".equals(scheme), user, password,
        db, shown);
  }
}
