package dev.regatta.runner.workload;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import javax.net.ssl.SSLException;

/**
 * The target could not be reached while preparing. Its message is the one line a user sees, e.g.
 * {@code cannot connect to redis://127.0.0.1:1: connection refused}.
 */
public class TargetUnreachableException extends Exception {
  private final String target;

  public TargetUnreachableException(String target, Throwable cause) {
    super("cannot connect to " + target + ": " + describe(cause), cause);
    this.target = target;
  }

  public String target() {
    return target;
  }

  /** A short human cause: "connection refused", "timed out after 2s", "unknown host x", ... */
  public static String describe(Throwable t) {
    String found = known(t, 0);
    if (found != null) {
      return found;
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  /** Looks through causes and suppressed exceptions (Jedis keeps the per-address failures there). */
  private static String known(Throwable t, int depth) {
    if (depth > 5) {
      return null;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      for (Throwable s : c.getSuppressed()) {
        String f = known(s, depth + 1);
        if (f != null) {
          return f;
        }
      }
      if (c instanceof ConnectException && !(c instanceof HttpConnectTimeoutException)) {
        String m = c.getMessage();
        return m != null && m.toLowerCase().contains("timed out") ? "connect timed out" : "connection refused";
      }
      if (c instanceof SocketTimeoutException || c instanceof HttpConnectTimeoutException) {
        return "timed out";
      }
      if (c instanceof UnknownHostException) {
        return "unknown host " + c.getMessage();
      }
      if (c instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (c instanceof SSLException) {
        return "TLS handshake failed: " + c.getMessage();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
