package dev.regatta.runner.workload;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/** Names failures the way users look for them: timeout, refused, reset, http_4xx, redis_error, ... */
public final class ErrorTypes {
  public static final String TIMEOUT = "timeout";
  public static final String REFUSED = "refused";
  public static final String RESET = "reset";
  public static final String IO = "io";
  public static final String OTHER = "other";

  private ErrorTypes() {}

  /**
   * The type of a failure, from the exception and its causes; a client that tried several addresses and
   * kept each attempt's failure as a suppressed exception (Jedis does) is classified by those too.
   */
  public static String classify(Throwable t) {
    String known = known(t, 0);
    return known != null ? known : t instanceof java.io.IOException ? IO : OTHER;
  }

  private static String known(Throwable t, int depth) {
    for (Throwable c = t; c != null && depth < 8; c = c.getCause(), depth++) {
      if (c instanceof WorkloadException w) {
        return w.type();
      }
      if (c instanceof SocketTimeoutException || c instanceof HttpTimeoutException || c instanceof TimeoutException) {
        return TIMEOUT;
      }
      if (c instanceof ConnectException) {
        return REFUSED;
      }
      // the peer closed the connection (a server that died or restarted): EOF where a reply was due
      if (c instanceof EOFException) {
        return RESET;
      }
      String m = c.getMessage();
      if (m != null && (m.contains("Connection reset") || m.contains("Broken pipe"))) {
        return RESET;
      }
      for (Throwable s : c.getSuppressed()) {
        String inner = known(s, depth + 1);
        if (inner != null) {
          return inner;
        }
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** http_2xx .. http_5xx. */
  public static String httpStatus(int status) {
    return "http_" + (status / 100) + "xx";
  }
}
