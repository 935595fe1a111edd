package dev.regatta.validation;

import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.S3Endpoint;
import dev.regatta.api.v1alpha1.Urls;
import dev.regatta.units.Durations;
import dev.regatta.units.Humanize;
import dev.regatta.units.Sizes;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The violations of one pass over a spec, and the checks every part of the spec shares: each rule class adds to
 * the one list here, so violations come out in field order and every message is worded the same way.
 */
final class Checks {
  /** Placement and sidecar names end up in pod and container names. */
  static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?$");
  /** Scenario and check names end up in status rows and error types. */
  static final Pattern SCENARIO_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$");
  private static final Map<String, Pattern> URL_PATTERNS = new ConcurrentHashMap<>();

  final List<Violation> violations = new ArrayList<>();
  /** The runner's command line runs on the user's own machine: a URL there may carry a password. */
  final boolean urlCredentialsAllowed;

  Checks(boolean urlCredentialsAllowed) {
    this.urlCredentialsAllowed = urlCredentialsAllowed;
  }

  void fail(String field, String message) {
    violations.add(new Violation(field, message));
  }

  void required(String f, String value) {
    if (isBlank(value)) {
      fail(f, "is required");
    }
  }

  void matches(String f, String value, Pattern p, String what) {
    if (value != null && !p.matcher(value).matches()) {
      fail(f, Humanize.quote(value) + " " + what);
    }
  }

  /** A size between min and max bytes; false when it is not. */
  boolean size(String f, IntOrString value, long min, long max) {
    if (value == null) {
      return true;
    }
    long n;
    try {
      n = Sizes.parse(value, 0);
    } catch (IllegalArgumentException e) {
      fail(f, e.getMessage());
      return false;
    }
    String written = value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    if (n < min) {
      fail(f, "must be at least " + min + (min == 1 ? " byte" : " bytes") + ", got " + Humanize.quote(written));
      return false;
    }
    if (n > max) {
      fail(f, "must be at most " + Sizes.format(max) + " (" + max + " bytes), got " + Humanize.quote(written));
      return false;
    }
    return true;
  }

  /** A number between min and max inclusive; false (and a violation) when it is not. */
  boolean range(String f, Number value, double min, double max) {
    double v = value.doubleValue();
    if (v < min) {
      fail(f, "must be at least " + number(min) + ", got " + value);
      return false;
    }
    if (v > max) {
      fail(f, "must be at most " + number(max) + ", got " + value);
      return false;
    }
    return true;
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e18 ? Long.toString((long) d) : Double.toString(d);
  }

  void duration(String f, String text) {
    if (text == null) {
      return;
    }
    if (!Durations.isValid(text)) {
      fail(f, Humanize.quote(text) + " is not a duration: use e.g. 500ms, 10s, 1m30s (negative durations are not "
          + "allowed)");
      return;
    }
    try {
      Durations.parse(text);
    } catch (IllegalArgumentException e) {
      fail(f, e.getMessage());
    }
  }

  void positiveDuration(String f, String text) {
    if (text == null) {
      return;
    }
    int before = violations.size();
    duration(f, text);
    if (violations.size() == before && Durations.parse(text).isZero()) {
      fail(f, "must be longer than 0s");
    }
  }

  /**
   * A URL of the scheme (or its TLS variant), without credentials: user info in a URL would be copied in clear
   * into every pod's run file and the spec ConfigMap.
   */
  void url(String f, String url, String scheme, boolean required, String credentialsHint) {
    if (url == null) {
      if (required) {
        fail(f, "is required");
      }
      return;
    }
    Pattern p = URL_PATTERNS.computeIfAbsent(scheme, x -> Pattern.compile("^" + x + "s?://[^\\s/]+\\S*$"));
    if (url.length() > Limits.MAX_URL) {
      fail(f, "must be at most " + Limits.MAX_URL + " characters long, got " + url.length());
    } else if (!p.matcher(url).matches()) {
      fail(f, Humanize.quote(url) + " must be a " + scheme + ":// or " + scheme + "s:// URL");
    } else if (Urls.hasUserInfo(url) && !urlCredentialsAllowed) {
      fail(f, "must not hold credentials (user:password@), which would be copied in clear into every pod"
          + credentialsHint);
    }
  }

  /** An S3 endpoint is named by the results sink, the s3 and stream workloads and a sidecar's preload alike. */
  void endpoint(String f, S3Endpoint e) {
    url(f + ".endpoint", e.getEndpoint(), "http", false, ": name a Secret in credentialsSecret instead");
    if (e.getCredentialsSecret() != null) {
      required(f + ".credentialsSecret.name", e.getCredentialsSecret().getName());
    }
  }

  /** A user's map key in a field path, cut as a quoted value is, so the path stays readable. */
  static String shortKey(String key) {
    return key.length() <= Humanize.QUOTE_LIMIT ? key : key.substring(0, Humanize.QUOTE_LIMIT) + "...";
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
