package dev.regatta.runner.workload;

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

  public static String classify(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof WorkloadException w) {
        return w.type();
      }
      if (c instanceof SocketTimeoutException || c instanceof HttpTimeoutException || c instanceof TimeoutException) {
        return TIMEOUT;
      }
      if (c instanceof ConnectException) {
        return REFUSED;
      }
      String m = c.getMessage();
      if (m != null && (m.contains("Connection reset") || m.contains("Broken pipe"))) {
        return RESET;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return t instanceof java.io.IOException ? IO : OTHER;
  }

  /** http_2xx .. http_5xx. */
  public static String httpStatus(int status) {
    return "http_" + (status / 100) + "xx";
  }
}
