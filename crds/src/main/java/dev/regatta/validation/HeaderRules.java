package dev.regatta.validation;

import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.units.Humanize;
import java.util.regex.Pattern;

/**
 * What a request header may hold. A CR or LF in a name or value would end the header early and let whoever wrote
 * the run add request lines of their own (header injection); a NUL confuses servers. SpecValidator refuses such
 * headers, and the runner refuses them again before it encodes a request, for runs from its own command line.
 */
public final class HeaderRules {
  /** RFC 9110 token: what a field name is made of. */
  private static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$");

  private HeaderRules() {}

  /** Null when the header may be sent; else what is wrong with it, quoting at most a short prefix. */
  public static String problem(String name, String value) {
    if (name == null || name.isEmpty()) {
      return "a header needs a name";
    }
    if (name.length() > Limits.MAX_HEADER_NAME || !TOKEN.matcher(name).matches()) {
      return "header name " + Humanize.quote(name) + " must be at most " + Limits.MAX_HEADER_NAME
          + " characters of letters, digits and !#$%&'*+-.^_`|~ (no spaces, colons, CR or LF)";
    }
    if (value == null) {
      return "header " + Humanize.quote(name) + " needs a value";
    }
    if (value.length() > Limits.MAX_HEADER_VALUE) {
      return "header " + Humanize.quote(name) + " has a value of " + value.length() + " characters, at most "
          + Limits.MAX_HEADER_VALUE;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return "header " + Humanize.quote(name) + " has a value with a CR, LF or NUL character, which would end "
            + "the header: " + Humanize.quote(value);
      }
    }
    return null;
  }
}
