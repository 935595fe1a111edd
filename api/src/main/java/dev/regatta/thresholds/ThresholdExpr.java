package dev.regatta.thresholds;

import dev.regatta.units.Humanize;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One criterion as k6 users write it: {@code <figure> <op> <bound>}, e.g. {@code p99 < 5ms}, {@code errorRate <
 * 0.1%}, {@code throughput > 20k/s}, {@code mbps > 100}. Parsed once, to the figure, the comparison and the bound
 * in the figure's base unit (microseconds, operations/s, bytes/s, a ratio).
 *
 * <p>Every way to get it wrong is answered with what is wrong in words: an unknown figure (with the ones there are),
 * a unit of another kind of figure, a bound no run can meet, a number past what the figure can hold.
 *
 * @param figure what is bounded
 * @param check with {@link Figure#CHECKS}: the one check bounded ({@code check(status-ok) > 99.9%}), or null for
 *     all of a row's checks together ({@code checks > 99%})
 * @param op how the observed value must compare with the bound
 * @param bound the bound in the figure's base unit; for a relative bound, the factor of the baseline's figure
 * @param relative true for {@code p99 < 1.10 × baseline}: the bound of each row is {@code bound} times the
 *     baseline run's figure of the same row (scenario, params, region)
 * @param text the expression, normalised: {@code p99 < 5ms}
 */
public record ThresholdExpr(Figure figure, String check, Op op, double bound, boolean relative, String text) {
  /** The CRD's maxLength on an expression: no criterion needs more. */
  public static final int MAX_LENGTH = 64;
  /** Latency bounds up to a day (the histograms' range is an hour; a day is a typo's guard, not a plan). */
  public static final double MAX_LATENCY_MICROS = 86_400e6;
  /** Operations per second up to 10^12: a thousand times the largest fleet's. */
  public static final double MAX_RATE = 1e12;
  /** Bytes per second up to 10^15 (a PB/s). */
  public static final double MAX_BYTE_RATE = 1e15;
  /** A baseline factor up to 1000: beyond, the bound is not a comparison with the baseline any more. */
  public static final double MAX_FACTOR = 1000;

  /**
   * The shape the CRD checks (a CEL rule), before the units are looked at: a word, a comparison, a number and
   * an optional unit. RE2 and java.util.regex read it alike.
   */
  public static final String SHAPE = "^\\s*[A-Za-z][-A-Za-z0-9.()_]*\\s*(<|<=|>|>=)\\s*[0-9]+(\\.[0-9]+)?\\s*"
      + "([A-Za-zµ/%]*|(×|\\*|x)\\s*baseline)\\s*$";

  private static final Pattern PARTS = Pattern.compile(
      "^\\s*([A-Za-z][-A-Za-z0-9.()_]*)\\s*([<>=!]+)\\s*([-+]?[0-9.]*[0-9][0-9.eE+-]*)?\\s*(\\S*?)\\s*$");
  /** {@code <figure> <op> <factor> × baseline}; also {@code *} or {@code x} for the ×. */
  private static final Pattern RELATIVE = Pattern.compile("^(.*?)\\s*(×|\\*|x)\\s*baseline\\s*$");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  /** An HTTP check's name, as http.expect[].name allows it. */
  private static final Pattern CHECK_NAME = Pattern.compile(dev.regatta.api.v1alpha1.HttpCheck.NAME);

  /** The comparison. */
  public enum Op {
    LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public boolean holds(double observed, double bound) {
      return switch (this) {
        case LT -> observed < bound;
        case LE -> observed <= bound;
        case GT -> observed > bound;
        case GE -> observed >= bound;
      };
    }

    static Op of(String s) {
      for (Op o : values()) {
        if (o.symbol.equals(s)) {
          return o;
        }
      }
      return null;
    }
  }

  /** Thrown with a message that says what is wrong, without the field (the caller names it). */
  public static final class Invalid extends IllegalArgumentException {
    public Invalid(String message) {
      super(message);
    }
  }

  /** True when the observed value meets the bound. */
  public boolean holds(double observed) {
    return op.holds(observed, bound);
  }

  /**
   * Parses an expression.
   *
   * @throws Invalid with a message in words
   */
  public static ThresholdExpr parse(String expr) {
    if (expr == null || expr.isBlank()) {
      throw new Invalid("is empty: write a criterion such as 'p99 < 5ms'");
    }
    if (expr.length() > MAX_LENGTH) {
      throw new Invalid("is longer than " + MAX_LENGTH + " characters");
    }
    String head = expr;
    boolean relative = false;
    Matcher rel = RELATIVE.matcher(expr);
    if (rel.matches() || expr.strip().endsWith("baseline")) {
      if (!rel.matches()) {
        throw new Invalid(Humanize.quote(expr) + ": a bound relative to the baseline is written '<figure> <op> "
            + "<factor> × baseline', e.g. 'p99 < 1.10 × baseline' or 'throughput > 0.95 * baseline'");
      }
      head = rel.group(1);
      relative = true;
    }
    Matcher m = PARTS.matcher(head);
    if (!m.matches()) {
      throw new Invalid(Humanize.quote(expr) + " is not '<figure> <op> <value>', e.g. 'p99 < 5ms', "
          + "'errorRate < 0.1%', 'throughput > 20k/s'");
    }
    String word = m.group(1);
    String check = checkName(word);
    Figure figure = check != null ? Figure.CHECKS
        : Figure.named(word).orElseThrow(() -> new Invalid(unknownFigure(word)));
    Op op = Op.of(m.group(2));
    if (op == null) {
      throw new Invalid("unknown comparison " + Humanize.quote(m.group(2)) + ": use <, <=, > or >=");
    }
    String number = m.group(3);
    if (number == null) {
      throw new Invalid(Humanize.quote(expr) + " has no number to compare " + figure + " with, e.g. '"
          + example(figure) + "'");
    }
    if (!NUMBER.matcher(number).matches()) {
      throw new Invalid(Humanize.quote(number) + " is not a plain number (digits with an optional decimal "
          + "point; no sign, no exponent)");
    }
    BigDecimal value = new BigDecimal(number);
    String unit = m.group(4);
    String subject = check == null ? figure.word() : "check(" + check + ")";
    if (relative) {
      return relative(figure, check, op, value, unit, subject, number);
    }
    double bound = toBase(figure, value, unit);
    if (bound == 0 && op == Op.LT) {
      throw new Invalid(figure + " < 0 can never hold: no figure is below zero");
    }
    if (bound == 1 && op == Op.GT && figure.kind() == Figure.Kind.FRACTION) {
      throw new Invalid(subject + " > 100% can never hold: no ratio is above 1 (write >= 100% for 'all')");
    }
    String text = subject + " " + op.symbol + " " + number + unit;
    return new ThresholdExpr(figure, check, op, bound, false, text);
  }

  private static ThresholdExpr relative(Figure figure, String check, Op op, BigDecimal factor, String unit,
      String subject, String number) {
    if (!unit.isEmpty()) {
      throw new Invalid("a factor of the baseline takes no unit (the baseline's " + figure + " has one): write '"
          + subject + " " + op.symbol + " " + number + " × baseline', not " + Humanize.quote(number + unit));
    }
    if (factor.signum() == 0) {
      throw new Invalid(subject + " " + op.symbol + " 0 × baseline is not a comparison with the baseline");
    }
    if (factor.doubleValue() > MAX_FACTOR) {
      throw new Invalid("factor " + Humanize.quote(number) + " is beyond the largest meaningful one ("
          + (int) MAX_FACTOR + ")");
    }
    return new ThresholdExpr(figure, check, op, factor.doubleValue(), true,
        subject + " " + op.symbol + " " + number + " × baseline");
  }

  /** The name in {@code check(NAME)}, or null for any other word; a malformed name is refused. */
  private static String checkName(String word) {
    if (!word.startsWith("check(") || !word.endsWith(")")) {
      return null;
    }
    String name = word.substring("check(".length(), word.length() - 1);
    if (!CHECK_NAME.matcher(name).matches()) {
      throw new Invalid(Humanize.quote(name) + " is not a check name (http.expect[].name: a-z, 0-9, '-', '_', "
          + "'.', starting and ending with a letter or digit), e.g. 'check(status-ok) > 99.9%'");
    }
    return name;
  }

  /** What is bounded, for a person: "checks", "check(status-ok)", "p99". */
  public String subject() {
    return check == null ? figure.word() : "check(" + check + ")";
  }

  private static String unknownFigure(String word) {
    if (word.equalsIgnoreCase("check") || word.equalsIgnoreCase("checkRate") || word.startsWith("checks(")
        || word.startsWith("check(")) {
      return "unknown figure " + Humanize.quote(word) + ": bound all checks with 'checks > 99%' or one with "
          + "'check(NAME) > 99.9%'";
    }
    for (String w : Figure.words()) {
      if (w.equalsIgnoreCase(word)) {
        return "unknown figure " + Humanize.quote(word) + " (figures are case-sensitive: did you mean '" + w + "'?)";
      }
    }
    return "unknown figure " + Humanize.quote(word) + ": one of " + String.join(", ", Figure.words());
  }

  private static String example(Figure f) {
    return switch (f.kind()) {
      case LATENCY -> f + " < 5ms";
      case RATE -> f + " > 20k/s";
      case BYTE_RATE -> f + " > 100";
      case FRACTION -> f == Figure.CHECKS ? "checks > 99%" : f + " < 0.1%";
    };
  }

  /** The bound in the figure's base unit; the unit must be one of the figure's kind. */
  private static double toBase(Figure f, BigDecimal value, String unit) {
    double v;
    double max;
    switch (f.kind()) {
      case LATENCY -> {
        double scale = switch (unit) {
          case "us", "µs" -> 1;
          case "ms" -> 1e3;
          case "s" -> 1e6;
          case "" -> throw new Invalid(f + " is a latency: write its unit (us, ms or s), e.g. '" + example(f) + "'");
          case "ns" -> throw new Invalid(f + ": latencies are measured in microseconds; write us, ms or s, not ns");
          default -> throw wrongUnit(f, unit, "us, ms or s");
        };
        v = value.multiply(BigDecimal.valueOf(scale)).doubleValue();
        max = MAX_LATENCY_MICROS;
      }
      case RATE -> {
        String u = unit.endsWith("/s") ? unit.substring(0, unit.length() - 2) : unit;
        u = u.endsWith("ops") ? u.substring(0, u.length() - 3) : u;
        double scale = switch (u) {
          case "" -> 1;
          case "k" -> 1e3;
          case "M" -> 1e6;
          case "G" -> 1e9;
          default -> throw wrongUnit(f, unit, "/s with an optional k, M or G (20000, 20k/s, 1.5M/s)");
        };
        v = value.multiply(BigDecimal.valueOf(scale)).doubleValue();
        max = MAX_RATE;
      }
      case BYTE_RATE -> {
        double scale = switch (unit) {
          case "", "MB/s" -> 1e6;
          case "GB/s" -> 1e9;
          case "MiB/s" -> 1 << 20;
          case "GiB/s" -> 1 << 30;
          case "Mb/s", "Mbit/s", "Mbps", "Gb/s", "Gbit/s", "Gbps" -> throw new Invalid(f + " is in bytes per second, "
              + "not bits: write MB/s or GB/s (" + Humanize.quote(unit) + " is bits)");
          default -> throw wrongUnit(f, unit, "MB/s (the default), GB/s, MiB/s or GiB/s");
        };
        v = value.multiply(BigDecimal.valueOf(scale)).doubleValue();
        max = MAX_BYTE_RATE;
      }
      case FRACTION -> {
        if (unit.equals("%")) {
          v = value.movePointLeft(2).doubleValue();
        } else if (unit.isEmpty()) {
          v = value.doubleValue();
          if (v > 1) {
            throw new Invalid(f + " is a ratio: write a fraction from 0 to 1 or a percentage (did you mean "
                + value.toPlainString() + "%?)");
          }
        } else {
          throw wrongUnit(f, unit, "% or none (a fraction from 0 to 1)");
        }
        max = 1;
      }
      default -> throw new IllegalStateException(f.kind().name());
    }
    if (v > max) {
      throw new Invalid(f + " bound " + Humanize.quote(value.toPlainString() + unit) + " is beyond the largest "
          + "meaningful one (" + maxText(f.kind()) + ")");
    }
    return v;
  }

  private static String maxText(Figure.Kind kind) {
    return switch (kind) {
      case LATENCY -> "24h";
      case RATE -> "10^12/s";
      case BYTE_RATE -> "10^9 MB/s";
      case FRACTION -> "100%";
    };
  }

  private static Invalid wrongUnit(Figure f, String unit, String units) {
    String kind = switch (f.kind()) {
      case LATENCY -> "a latency";
      case RATE -> "a rate of operations";
      case BYTE_RATE -> "a rate of bytes";
      case FRACTION -> "a ratio";
    };
    return new Invalid(f + " is " + kind + ": unit " + Humanize.quote(unit) + " does not fit; write " + units);
  }

  /** The bound written back in the unit a person reads: 5ms, 20k/s, 100MB/s, 0.1%, or 1.1 × baseline. */
  public String boundText() {
    return relative ? factorText() + " × baseline" : describe(figure, bound);
  }

  /** The factor of a relative bound, as written without trailing zeros: 1.1, 0.95. */
  public String factorText() {
    return BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
  }

  /** The bound of one row whose baseline figure is {@code baseline}: the factor times it (relative bounds). */
  public double boundFor(double baseline) {
    return BigDecimal.valueOf(bound).multiply(BigDecimal.valueOf(baseline)).doubleValue();
  }

  /** A value of {@code figure} in its base unit, for a person: 1.24ms, 182.4k/s, 104.9MB/s, 0.12%. */
  public static String describe(Figure figure, double value) {
    return switch (figure.kind()) {
      case LATENCY -> Humanize.micros(Math.round(value));
      case RATE -> Humanize.rate(value);
      case BYTE_RATE -> String.format(Locale.ROOT, "%.1fMB/s", value / 1e6);
      case FRACTION -> percent(value);
    };
  }

  private static String percent(double ratio) {
    double p = ratio * 100;
    String s = p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : new BigDecimal(p).round(
        new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    return s + "%";
  }

  /** Every word an expression may start with, for docs and messages. */
  public static List<String> figures() {
    return Figure.words();
  }
}
