package dev.regatta.runner.workloads.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.api.v1alpha1.HttpCheck;
import dev.regatta.checks.JsonFieldPath;
import dev.regatta.runner.workload.ConnectionCounters;
import dev.regatta.runner.workload.ErrorTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The http workload's {@code expect}: each check judged on every complete response, its pass or fail counted
 * (as k6 counts checks), and the response's error type decided: an HTTP error status first (400 and above, unless
 * a status check says which statuses are expected), else the first check that failed, as {@code check:NAME}.
 * Body checks read the first {@link BodyCapture#LIMIT} bytes of the body.
 */
final class ResponseChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Error type prefix of a failed check, as k6 users look for it. */
  static final String CHECK_ERROR = "check:";

  private final String[] names;
  private final String[] errorTypes;
  private final int[][] statuses;
  private final byte[][] contains;
  private final JsonFieldPath[] paths;
  private final String[] equals;
  private final boolean needsBody;
  private final boolean statusDecides;

  private ResponseChecks(List<HttpCheck> checks) {
    int n = checks.size();
    names = new String[n];
    errorTypes = new String[n];
    statuses = new int[n][];
    contains = new byte[n][];
    paths = new JsonFieldPath[n];
    equals = new String[n];
    boolean body = false;
    boolean status = false;
    for (int i = 0; i < n; i++) {
      HttpCheck c = checks.get(i);
      names[i] = c.getName();
      errorTypes[i] = CHECK_ERROR + c.getName();
      if (c.getStatus() != null && !c.getStatus().isEmpty()) {
        statuses[i] = c.getStatus().stream().mapToInt(Integer::intValue).toArray();
        status = true;
      } else if (c.getBodyContains() != null) {
        contains[i] = c.getBodyContains().getBytes(StandardCharsets.UTF_8);
        body = true;
      } else if (c.getJson() != null) {
        paths[i] = JsonFieldPath.parse(c.getJson().getPath());
        equals[i] = c.getJson().getEquals();
        body = true;
      } else {
        throw new IllegalArgumentException("http.expect[" + i + "] (" + c.getName()
            + "): a check takes exactly one of status, bodyContains or json");
      }
    }
    needsBody = body;
    statusDecides = status;
  }

  /** The checks of a workload, or null when it has none. */
  static ResponseChecks of(List<HttpCheck> expect) {
    return expect == null || expect.isEmpty() ? null : new ResponseChecks(expect);
  }

  String[] names() {
    return names;
  }

  boolean needsBody() {
    return needsBody;
  }

  /**
   * The error type of a complete response, or null when it succeeded; counts every check's outcome into
   * {@code counters}. {@code checks} may be null (no expect): then 400 and above are errors, as always.
   */
  static String judge(ResponseChecks checks, int status, BodyCapture body, ConnectionCounters counters) {
    if (checks == null) {
      return status >= 400 ? ErrorTypes.httpStatus(status) : null;
    }
    String failed = null;
    JsonNode json = null;
    boolean jsonRead = false;
    for (int i = 0; i < checks.names.length; i++) {
      boolean pass;
      if (checks.statuses[i] != null) {
        pass = contains(checks.statuses[i], status);
      } else if (checks.contains[i] != null) {
        pass = body != null && indexOf(body.bytes(), body.length(), checks.contains[i]) >= 0;
      } else {
        if (!jsonRead) {
          json = parse(body);
          jsonRead = true;
        }
        pass = json != null && JsonFieldPath.matches(checks.paths[i].find(json), checks.equals[i]);
      }
      counters.check(i, pass);
      if (!pass && failed == null) {
        failed = checks.errorTypes[i];
      }
    }
    if (!checks.statusDecides && status >= 400) {
      return ErrorTypes.httpStatus(status);
    }
    return failed;
  }

  private static boolean contains(int[] codes, int status) {
    for (int c : codes) {
      if (c == status) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode parse(BodyCapture body) {
    if (body == null || body.length() == 0 || body.truncated()) {
      return null; // no body, or only its first megabyte: not a JSON document to judge
    }
    try {
      return JSON.readTree(body.bytes(), 0, body.length());
    } catch (IOException e) {
      return null;
    }
  }

  static int indexOf(byte[] hay, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
