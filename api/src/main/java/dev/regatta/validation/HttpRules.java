package dev.regatta.validation;

import dev.regatta.api.v1alpha1.HttpCheck;
import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.checks.JsonFieldPath;
import dev.regatta.units.Humanize;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An http scenario: its URL and body, the headers it sends ({@link HeaderRules}) and the checks on each answer. */
final class HttpRules {
  private HttpRules() {}

  static void check(Checks c, String f, HttpWorkload h) {
    c.url(f + ".url", h.getUrl(), "http", true, ": send them in a header instead");
    c.size(f + ".bodySize", h.getBodySize(), 0, Limits.MAX_OBJECT_SIZE);
    c.size(f + ".bufferSize", h.getBufferSize(), 1, Limits.MAX_BUFFER_SIZE);
    c.positiveDuration(f + ".timeout", h.getTimeout());
    if (h.getBody() != null && h.getBodySize() != null) {
      c.fail(f + ".bodySize", "set body or bodySize, not both");
    }
    checks(c, f + ".expect", h.getExpect());
    if (h.getHeaders() != null) {
      if (h.getHeaders().size() > Limits.MAX_HEADERS) {
        c.fail(f + ".headers", "at most " + Limits.MAX_HEADERS + " headers, got " + h.getHeaders().size());
        return;
      }
      for (Map.Entry<String, String> e : h.getHeaders().entrySet()) {
        String problem = HeaderRules.problem(e.getKey(), e.getValue());
        if (problem != null) {
          c.fail(f + ".headers." + Checks.shortKey(e.getKey()), problem);
        }
      }
    }
  }

  /** http.expect: named checks, each with exactly one condition that the runner can evaluate. */
  private static void checks(Checks c, String f, List<HttpCheck> checks) {
    if (checks == null || checks.isEmpty()) {
      return;
    }
    if (checks.size() > Limits.MAX_CHECKS) {
      c.fail(f, "at most " + Limits.MAX_CHECKS + " checks, got " + checks.size());
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < checks.size(); i++) {
      HttpCheck check = checks.get(i);
      String cf = f + "[" + i + "]";
      if (check == null) {
        c.fail(cf, "is empty: a check needs a name and one of status, bodyContains or json");
        continue;
      }
      if (check.getName() == null || !Checks.SCENARIO_NAME.matcher(check.getName()).matches()) {
        c.fail(cf + ".name", Humanize.quote(check.getName()) + " must be 1-63 characters of a-z, 0-9, '-', '_', '.' "
            + "(it names the error type check:NAME)");
      } else if (!names.add(check.getName())) {
        c.fail(cf + ".name", Humanize.quote(check.getName()) + " is used by another check");
      }
      boolean status = check.getStatus() != null && !check.getStatus().isEmpty();
      int kinds = (status ? 1 : 0) + (check.getBodyContains() != null ? 1 : 0) + (check.getJson() != null ? 1 : 0);
      if (kinds != 1) {
        c.fail(cf, "a check takes exactly one of status, bodyContains or json (got " + kinds + ")");
        continue;
      }
      if (status) {
        status(c, cf + ".status", check.getStatus());
      }
      if (check.getBodyContains() != null) {
        bodyContains(c, cf + ".bodyContains", check.getBodyContains());
      }
      if (check.getJson() != null) {
        json(c, cf + ".json", check.getJson());
      }
    }
  }

  private static void status(Checks c, String f, List<Integer> codes) {
    if (codes.size() > Limits.MAX_CHECK_STATUSES) {
      c.fail(f, "at most " + Limits.MAX_CHECK_STATUSES + " codes, got " + codes.size());
    }
    for (int j = 0; j < codes.size(); j++) {
      Integer code = codes.get(j);
      if (code == null || code < 100 || code > 599) {
        c.fail(f + "[" + j + "]", "must be an HTTP status code from 100 to 599, got " + code);
      }
    }
  }

  private static void bodyContains(Checks c, String f, String text) {
    if (text.isEmpty()) {
      c.fail(f, "is empty: every body contains the empty text");
    } else if (text.length() > Limits.MAX_CHECK_TEXT) {
      c.fail(f, "must be at most " + Limits.MAX_CHECK_TEXT + " characters, got " + text.length());
    }
  }

  private static void json(Checks c, String f, HttpCheck.JsonField json) {
    if (json.getPath() == null) {
      c.fail(f + ".path", "is required, e.g. predictions[0].label");
    } else if (json.getPath().length() > Limits.MAX_CHECK_PATH) {
      c.fail(f + ".path", "must be at most " + Limits.MAX_CHECK_PATH + " characters, got " + json.getPath().length());
    } else {
      try {
        JsonFieldPath.parse(json.getPath());
      } catch (IllegalArgumentException e) {
        c.fail(f + ".path", e.getMessage());
      }
    }
    if (json.getEquals() == null) {
      c.fail(f + ".equals", "is required: the value the field must have, e.g. \"ok\" or 1");
    } else if (json.getEquals().length() > Limits.MAX_CHECK_TEXT) {
      c.fail(f + ".equals", "must be at most " + Limits.MAX_CHECK_TEXT + " characters");
    }
  }
}
