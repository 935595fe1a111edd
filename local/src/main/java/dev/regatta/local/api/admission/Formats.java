package dev.regatta.local.api.admission;

import com.google.re2j.Pattern;
import java.net.InetAddress;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The string formats the API server checks in custom resources (a subset of go-openapi's registry: the ones
 * a BenchmarkRun could plausibly use). Formats not listed here pass, as unknown formats do on a cluster.
 */
final class Formats {
  private static final Pattern UUID = Pattern.compile(
      "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");
  private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
  private static final Pattern HOSTNAME = Pattern.compile(
      "^([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*\\.?$");

  private Formats() {}

  static boolean valid(String format, String s) {
    return switch (format) {
      case "date-time", "datetime" -> dateTime(s);
      case "date" -> date(s);
      case "byte" -> base64(s);
      case "uuid" -> UUID.matcher(s).matches();
      case "ipv4" -> ipv4(s);
      case "ipv6" -> ipv6(s);
      case "cidr" -> cidr(s);
      case "hostname" -> s.length() <= 253 && HOSTNAME.matcher(s).matches();
      default -> true;
    };
  }

  private static boolean dateTime(String s) {
    try {
      OffsetDateTime.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean date(String s) {
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean base64(String s) {
    try {
      Base64.getDecoder().decode(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean ipv4(String s) {
    var m = IPV4.matcher(s);
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean ipv6(String s) {
    if (!s.contains(":") || !s.matches("[0-9a-fA-F:.]+")) {
      return false;
    }
    try {
      // only literal characters reach here, so this parses and never resolves a name
      return InetAddress.getByName(s) instanceof java.net.Inet6Address || s.contains("::ffff:");
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static boolean cidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String ip = s.substring(0, slash);
    String bits = s.substring(slash + 1);
    if (!bits.matches("\\d{1,3}")) {
      return false;
    }
    int n = Integer.parseInt(bits);
    return ipv4(ip) ? n <= 32 : ipv6(ip) && n <= 128;
  }
}
