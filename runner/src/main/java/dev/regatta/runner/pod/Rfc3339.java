package dev.regatta.runner.pod;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps with milliseconds, UTC, as the protocol writes them. */
public final class Rfc3339 {
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private Rfc3339() {}

  public static String format(Instant t) {
    return MILLIS.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  public static Instant parse(String text) {
    return OffsetDateTime.parse(text.trim()).toInstant();
  }
}
