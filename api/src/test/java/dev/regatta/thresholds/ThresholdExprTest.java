package dev.regatta.thresholds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The criteria k6 users write, read as they mean them; every other string refused with what is wrong. */
class ThresholdExprTest {
  private static final Pattern SHAPE = Pattern.compile(ThresholdExpr.SHAPE);

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "p99 < 5ms              | p99        | LT | 5000",
      "p99<5ms                | p99        | LT | 5000",
      "  p50 <= 250us         | p50        | LE | 250",
      "p90 < 250µs            | p90        | LT | 250",
      "p95 < 0.1ms            | p95        | LT | 100",
      "p(95) < 2s             | p95        | LT | 2000000",
      "p99.9 < 1.5s           | p99.9      | LT | 1500000",
      "p999 < 10ms            | p99.9      | LT | 10000",
      "p(99.9) < 10ms         | p99.9      | LT | 10000",
      "max < 1s               | max        | LT | 1000000",
      "mean <= 3.25ms         | mean       | LE | 3250",
      "throughput > 20k/s     | throughput | GT | 20000",
      "throughput >= 20000    | throughput | GE | 20000",
      "throughput > 1.5M/s    | throughput | GT | 1500000",
      "throughput > 2kops/s   | throughput | GT | 2000",
      "mbps > 100             | mbps       | GT | 100000000",
      "mbps >= 1.5GB/s        | mbps       | GE | 1500000000",
      "mbps > 1MiB/s          | mbps       | GT | 1048576",
      "errorRate < 0.1%       | errorRate  | LT | 0.001",
      "errorRate < 0.001      | errorRate  | LT | 0.001",
      "errorRate <= 0%        | errorRate  | LE | 0",
      "droppedRate < 1 %      | droppedRate| LT | 0.01",
      "checks > 99%           | checks     | GT | 0.99",
      "checks>=0.99           | checks     | GE | 0.99",
      "check(status-ok) > 99.9% | checks   | GT | 0.999",
      "check(body_has.id) >= 100% | checks | GE | 1",
  })
  void readsWhatK6UsersWrite(String expr, String figure, String op, double bound) {
    ThresholdExpr e = ThresholdExpr.parse(expr);
    assertEquals(figure, e.figure().word());
    assertEquals(ThresholdExpr.Op.valueOf(op), e.op());
    assertEquals(bound, e.bound(), 0.0, "exactly, not 0.1 * 1000 = 100.00000000000001");
    assertTrue(SHAPE.matcher(expr).matches(), "the CRD's shape admits every expression the parser reads: " + expr);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "p99 < 1.10 × baseline          | p99        | LT | 1.1  | p99 < 1.10 × baseline",
      "p99 < 1.10 * baseline          | p99        | LT | 1.1  | p99 < 1.10 × baseline",
      "p99<1.1x baseline              | p99        | LT | 1.1  | p99 < 1.1 × baseline",
      "throughput > 0.95 × baseline   | throughput | GT | 0.95 | throughput > 0.95 × baseline",
      "max <= 2*baseline              | max        | LE | 2    | max <= 2 × baseline",
      "check(ok) >= 0.999 × baseline  | checks     | GE | 0.999| check(ok) >= 0.999 × baseline",
  })
  void readsBoundsRelativeToTheBaseline(String expr, String figure, String op, double factor, String text) {
    ThresholdExpr e = ThresholdExpr.parse(expr);
    assertTrue(e.relative());
    assertEquals(figure, e.figure().word());
    assertEquals(ThresholdExpr.Op.valueOf(op), e.op());
    assertEquals(factor, e.bound(), 0.0);
    assertEquals(text, e.text());
    assertTrue(SHAPE.matcher(expr).matches(), "the CRD's shape admits it: " + expr);
    assertFalse(ThresholdExpr.parse("p99 < 5ms").relative());
    assertEquals(5720.0, ThresholdExpr.parse("p99 < 1.1 × baseline").boundFor(5200), "exactly, in decimal");
  }

  @Test
  void theComparisonIsStrictWhereWritten() {
    ThresholdExpr lt = ThresholdExpr.parse("p99 < 5ms");
    assertTrue(lt.holds(4999));
    assertFalse(lt.holds(5000));
    assertTrue(ThresholdExpr.parse("p99 <= 5ms").holds(5000));
    assertFalse(ThresholdExpr.parse("throughput > 20k/s").holds(20000));
    assertTrue(ThresholdExpr.parse("throughput >= 20k/s").holds(20000));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // typos and wrong case
      "p98 < 5ms                 | unknown figure 'p98': one of p50, p75, p90, p95, p99, p99.9, min, max, mean, throughput, mbps, errorRate, droppedRate",
      "P99 < 5ms                 | unknown figure 'P99' (figures are case-sensitive: did you mean 'p99'?)",
      "errorrate < 1%            | did you mean 'errorRate'?",
      "latency < 5ms             | unknown figure 'latency'",
      "check > 99%               | unknown figure 'check': bound all checks with 'checks > 99%' or one with 'check(NAME) > 99.9%'",
      "checks(ok) > 99%          | unknown figure 'checks(ok)'",
      "check(Status-OK) > 99%    | 'Status-OK' is not a check name",
      "check() > 99%             | '' is not a check name",
      "check(-ok) > 99%          | '-ok' is not a check name",
      "checks > 99ms             | checks is a ratio: unit 'ms' does not fit",
      "checks > 99               | did you mean 99%?",
      "checks > 100%             | checks > 100% can never hold",
      "check(ok) > 1             | check(ok) > 100% can never hold",
      "p99 =< 5ms                | unknown comparison '=<': use <, <=, > or >=",
      "p99 == 5ms                | unknown comparison '=='",
      "p99 != 5ms                | unknown comparison '!='",
      // units of another figure, or none
      "p99 < 5                   | p99 is a latency: write its unit (us, ms or s), e.g. 'p99 < 5ms'",
      "p99 < 5%                  | p99 is a latency: unit '%' does not fit; write us, ms or s",
      "p99 < 5k/s                | p99 is a latency: unit 'k/s' does not fit",
      "p99 < 5000ns              | latencies are measured in microseconds",
      "p99 < 5m                  | unit 'm' does not fit",
      "errorRate < 5ms           | errorRate is a ratio: unit 'ms' does not fit; write % or none",
      "errorRate < 5             | did you mean 5%?",
      "throughput > 20ms         | throughput is a rate of operations: unit 'ms' does not fit",
      "throughput > 20K/s        | unit 'K/s' does not fit",
      "mbps > 100Mbit/s          | mbps is in bytes per second, not bits",
      "mbps > 100Mb/s            | not bits",
      "mbps > 100%               | mbps is a rate of bytes: unit '%' does not fit",
      // numbers that are not plain, or out of reach
      "p99 < -5ms                | is not a plain number",
      "p99 < 1e3ms               | '1e3' is not a plain number",
      "p99 < 1.2.3ms             | is not a plain number",
      "p99 < 5.ms                | is not a plain number",
      "p99 < ms                  | has no number to compare p99 with, e.g. 'p99 < 5ms'",
      "p99 <                     | has no number",
      "p99 < 99999999999999999999s | is beyond the largest meaningful one (24h)",
      "throughput > 2000000G/s   | beyond the largest meaningful one (10^12/s)",
      "errorRate < 101%          | beyond the largest meaningful one (100%)",
      "errorRate < 0%            | errorRate < 0 can never hold",
      "p99 < 0ms                 | p99 < 0 can never hold",
      // not an expression at all
      "p99                       | is not '<figure> <op> <value>'",
      "< 5ms                     | is not '<figure> <op> <value>'",
      "p99 < 5ms and p90 < 1ms   | is not '<figure> <op> <value>'",
      "p99 < 5ms; rm -rf /       | is not '<figure> <op> <value>'",
      "p99 < 5 ms ms             | is not '<figure> <op> <value>'",
      // relative bounds written wrong
      "p99 < baseline            | a bound relative to the baseline is written '<figure> <op> <factor> × baseline'",
      "p99 < 1.1 baseline        | a bound relative to the baseline is written",
      "p99 < 1.1ms × baseline    | a factor of the baseline takes no unit",
      "p99 < 0 × baseline        | is not a comparison with the baseline",
      "p99 < 1001 × baseline     | factor '1001' is beyond the largest meaningful one (1000)",
      "p99 < -1 × baseline       | is not a plain number",
      "p98 < 1.1 × baseline      | unknown figure 'p98'",
      "p99 < 1.1 × baseline ms   | is not '<figure> <op> <value>'",
      "p99 < 1.1 × base          | is not '<figure> <op> <value>'",
  })
  void refusesEverythingElseSayingWhatIsWrong(String expr, String fragment) {
    ThresholdExpr.Invalid e = assertThrows(ThresholdExpr.Invalid.class, () -> ThresholdExpr.parse(expr));
    assertTrue(e.getMessage().contains(fragment), "'" + expr + "': " + e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void anEmptyExpressionIsNamedSo(String expr) {
    assertTrue(assertThrows(ThresholdExpr.Invalid.class, () -> ThresholdExpr.parse(expr)).getMessage()
        .startsWith("is empty"));
    assertTrue(assertThrows(ThresholdExpr.Invalid.class, () -> ThresholdExpr.parse(null)).getMessage()
        .startsWith("is empty"));
  }

  @Test
  void hostileStringsStayOutOfTheMessageAndOnOneLine() {
    String longer = "p99 < 5ms" + " ".repeat(100) + "x";
    assertEquals("is longer than 64 characters", assertThrows(ThresholdExpr.Invalid.class,
        () -> ThresholdExpr.parse(longer)).getMessage());
    String newline = "p99 < 5ms\nkind: Secret";
    String m = assertThrows(ThresholdExpr.Invalid.class, () -> ThresholdExpr.parse(newline)).getMessage();
    assertFalse(m.contains("\n"), m);
    assertTrue(m.contains("\\n"), m);
    assertFalse(SHAPE.matcher(newline).matches(), "the CRD refuses it too");
    String unicode = "p99 < ５ms"; // a full-width digit
    assertThrows(ThresholdExpr.Invalid.class, () -> ThresholdExpr.parse(unicode));
    assertFalse(SHAPE.matcher(unicode).matches());
  }

  @Test
  void boundsAreWrittenBackAsAPersonReadsThem() {
    assertEquals("5.00ms", ThresholdExpr.parse("p99 < 5ms").boundText());
    assertEquals("20.0k/s", ThresholdExpr.parse("throughput > 20000").boundText());
    assertEquals("0.1%", ThresholdExpr.parse("errorRate < 0.001").boundText());
    assertEquals("100.0MB/s", ThresholdExpr.parse("mbps > 100").boundText());
    assertEquals("p99 < 5ms", ThresholdExpr.parse("  p99<5ms ").text());
    assertEquals("99.9%", ThresholdExpr.parse("check(status-ok) > 0.999").boundText());
    assertEquals("check(status-ok) > 99.9%", ThresholdExpr.parse("check(status-ok)>99.9%").text());
    assertEquals("status-ok", ThresholdExpr.parse("check(status-ok) > 99.9%").check());
    assertNull(ThresholdExpr.parse("checks > 99%").check(), "all checks");
  }
}
