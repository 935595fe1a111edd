package dev.regatta.api.v1alpha1;

/**
 * Credentials never go inline in a run: a URL with user info (redis://user:pass@host, http://u:p@host) would be
 * copied in clear into every pod's run file, the spec ConfigMap and `kubectl get -o yaml`. Secrets are named
 * instead (passwordSecret, credentialsSecret, caSecret).
 */
public final class Urls {
  /** RE2 and java.util.regex alike: an '@' in the authority, before the path, query or fragment. */
  public static final String USER_INFO_RULE = "^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*@";

  private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile(USER_INFO_RULE);

  private Urls() {}

  /** True when the URL carries credentials (user info) in its authority. */
  public static boolean hasUserInfo(String url) {
    return url != null && USER_INFO.matcher(url).find();
  }
}
