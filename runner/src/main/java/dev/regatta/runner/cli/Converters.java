package dev.regatta.runner.cli;

import dev.regatta.api.v1alpha1.MatrixAxis;
import dev.regatta.api.v1alpha1.Stage;
import dev.regatta.units.Durations;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Flag value parsers; a bad value is a usage error (exit 2) with a message saying the expected form. */
final class Converters {
  private Converters() {}

  /** Go-style durations (500ms, 10s, 1m30s), kept as text because the run file uses text too. */
  static final class GoDuration implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!Durations.isValid(value)) {
        throw new TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, 10s, 1m30s");
      }
      return value;
    }
  }

  static final class StageConverter implements ITypeConverter<Stage> {
    @Override
    public Stage convert(String value) {
      int colon = value.lastIndexOf(':');
      try {
        if (colon > 0 && Durations.isValid(value.substring(0, colon))) {
          return new Stage(value.substring(0, colon), Double.parseDouble(value.substring(colon + 1)));
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new TypeConversionException("'" + value + "' is not a stage: use DURATION:RATE, e.g. 30s:1000");
    }
  }

  record MatrixEntry(String name, MatrixAxis axis) {}

  private static final Pattern POWERS = Pattern.compile("^2\\^(\\d+)\\.\\.2\\^(\\d+)$");

  /** name=v1,v2,... or name=2^from..2^to. */
  static final class MatrixConverter implements ITypeConverter<MatrixEntry> {
    @Override
    public MatrixEntry convert(String value) {
      int eq = value.indexOf('=');
      if (eq <= 0 || eq == value.length() - 1) {
        throw new TypeConversionException("'" + value + "' is not a matrix axis: use name=v1,v2 or name=2^12..2^22");
      }
      String name = value.substring(0, eq).trim();
      String values = value.substring(eq + 1).trim();
      Matcher m = POWERS.matcher(values);
      if (m.matches()) {
        int from = Integer.parseInt(m.group(1));
        int to = Integer.parseInt(m.group(2));
        if (from > to || to > 40) {
          throw new TypeConversionException("'" + value + "': the range must go up, from 2^0 to at most 2^40");
        }
        return new MatrixEntry(name, MatrixAxis.powersOfTwo(from, to));
      }
      String[] parts = values.split(",");
      Object[] vals = new Object[parts.length];
      for (int i = 0; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.isEmpty()) {
          throw new TypeConversionException("'" + value + "': empty value in the list");
        }
        Integer asInt = null;
        try {
          asInt = Integer.valueOf(p);
        } catch (NumberFormatException e) {
          // a string value, e.g. a size (64Ki) or a client name
        }
        vals[i] = asInt != null ? asInt : p;
      }
      return new MatrixEntry(name, MatrixAxis.of(vals));
    }
  }
}
