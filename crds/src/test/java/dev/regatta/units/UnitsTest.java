package dev.regatta.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {

  @Test
  void goStyleDurations() {
    assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
    assertEquals(Duration.ofSeconds(10), Durations.parse("10s"));
    assertEquals(Duration.ofSeconds(90), Durations.parse("1m30s"));
    assertEquals(Duration.ofMinutes(150), Durations.parse("2h30m"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
    assertEquals(Duration.ZERO, Durations.parse("0s"));
    assertEquals(Duration.ofSeconds(5), Durations.parse(null, Duration.ofSeconds(5)));
  }

  @Test
  void badDurationsNameTheTextAndTheForm() {
    for (String bad : new String[] {"-5s", "10", "5 s", "1d", "", "s", "1.s"}) {
      assertFalse(Durations.isValid(bad), bad);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad));
      assertTrue(e.getMessage().startsWith("'" + bad + "' is not a duration"), e.getMessage());
    }
    assertFalse(Durations.isValid(null));
  }

  @Test
  void durationsFormatShortest() {
    assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
    assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
    assertEquals("1h", Durations.format(Duration.ofHours(1)));
    assertEquals("0ms", Durations.format(Duration.ZERO));
    for (String s : new String[] {"1h1m1s", "10s", "1500ms"}) {
      assertEquals(Durations.parse(s), Durations.parse(Durations.format(Durations.parse(s))), s);
    }
  }

  @Test
  void sizesInDecimalAndBinaryUnits() {
    assertEquals(4096, Sizes.parse("4096"));
    assertEquals(4000, Sizes.parse("4k"));
    assertEquals(4096, Sizes.parse("4Ki"));
    assertEquals(4096, Sizes.parse("4KiB"));
    assertEquals(64L << 20, Sizes.parse("64Mi"));
    assertEquals(1_000_000_000L, Sizes.parse("1G"));
    assertEquals(1L << 30, Sizes.parse("1gi"));
    assertEquals(8192, Sizes.parse(new IntOrString(8192), 0));
    assertEquals(1 << 20, Sizes.parse(new IntOrString("1Mi"), 0));
    assertEquals(7, Sizes.parse((IntOrString) null, 7));
  }

  @Test
  void badSizesSayWhatIsExpected() {
    for (String bad : new String[] {"-1", "1.5Mi", "4 pages", "Mi", "1Ti"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad));
      assertTrue(e.getMessage().contains("is not a size"), e.getMessage());
      assertFalse(Sizes.isValid(new IntOrString(bad)), bad);
    }
    assertTrue(Sizes.isValid(null));
  }

  @Test
  void sizesFormatInBinaryUnitsWhenExact() {
    assertEquals("4Ki", Sizes.format(4096));
    assertEquals("4Mi", Sizes.format(1L << 22));
    assertEquals("1500", Sizes.format(1500));
  }

  @Test
  void humanizedFiguresForPrinterColumns() {
    assertEquals("182.4k/s", Humanize.rate(182_400));
    assertEquals("950/s", Humanize.rate(950));
    assertEquals("1.0MiB/s", Humanize.byteRate(1 << 20));
    assertEquals("850us", Humanize.micros(850));
    assertEquals("1.24ms", Humanize.micros(1240));
    assertEquals("2.50s", Humanize.micros(2_500_000));
  }

  @Test
  void sizesNeverWrapAround() {
    // 2^64 bytes: multiplied in a long it was 0.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse("17179869184Gi"));
    assertEquals("'17179869184Gi' is too large to be a size", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Sizes.parse("9223372036854775808"));
    assertEquals(Long.MAX_VALUE, Sizes.parse("9223372036854775807"));
    assertEquals(8L << 30, Sizes.parse("8GiB"));
    assertEquals(4096, Sizes.parse("4 Ki"));
    assertThrows(IllegalArgumentException.class, () -> Sizes.parse(" 4Ki"), "the schema's pattern has no leading space");
    assertThrows(IllegalArgumentException.class, () -> Sizes.parse("1".repeat(40)), "longer than the schema allows");
  }

  @Test
  void durationsAreAtMostAYear() {
    assertEquals(Duration.ofHours(8760), Durations.parse("8760h"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("8760h1ms"));
    assertEquals("'8760h1ms' is longer than 8760h (a year)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("9".repeat(30) + "h"));
    assertFalse(Durations.isValid("1s".repeat(20)), "longer than the schema's maxLength");
  }

  @Test
  void quotesAreShortAndOnOneLine() {
    assertEquals("'abc'", Humanize.quote("abc"));
    assertEquals("null", Humanize.quote(null));
    assertEquals("'a\\r\\nb\\u0000'", Humanize.quote("a\r\nb\0"));
    String q = Humanize.quote("x".repeat(1 << 20));
    assertEquals("'" + "x".repeat(64) + "...' (1048576 characters)", q);
  }
}
