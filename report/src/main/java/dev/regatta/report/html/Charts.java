package dev.regatta.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Line and grouped-bar charts as inline SVG, with axes, grid, a legend and a tooltip on every point. The legend
 * sits under the plot, one entry per line of text, wrapped but never cut: a series' name (a parameter value, a
 * configuration's label) is the one thing a reader must be able to read whole.
 */
final class Charts {
  static final int W = 900;
  static final int H = 380;
  static final double LEFT = 84;
  static final double RIGHT = W - 24;
  static final double TOP = 34;
  static final double BOTTOM = H - 52;
  /** Legend text per line: past this a name wraps onto the next line (at a space, else anywhere). */
  static final int LEGEND_CHARS = 120;
  static final double LEGEND_LINE = 15;

  /** Colour-blind friendly palette (Okabe-Ito), then greys. */
  static final String[] COLORS = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
      "#000000", "#7f7f7f", "#b15928"};

  record Series(String name, double[] xs, double[] ys, double[] err, String[] tips) {}

  private Charts() {}

  static String color(int i) {
    return COLORS[i % COLORS.length];
  }

  static Axis xAxis(Axis.Scale scale, double min, double max, DoubleFunction<String> labels, List<String> cats) {
    return switch (scale) {
      case LINEAR -> Axis.linear(min, max, LEFT, RIGHT, labels);
      case LOG10 -> Axis.log10(min, max, LEFT, RIGHT, labels);
      case LOG2 -> Axis.log2(min, max, LEFT, RIGHT, labels);
      case NINES -> Axis.nines(max, LEFT, RIGHT);
      case CATEGORY -> Axis.categories(cats, LEFT, RIGHT);
    };
  }

  static Axis yAxis(boolean log, double min, double max, DoubleFunction<String> labels) {
    return log ? Axis.log10(min, max, BOTTOM, TOP, labels) : Axis.linear(min, max, BOTTOM, TOP, labels);
  }

  static String line(String cssClass, String title, String xLabel, String yLabel, Axis x, Axis y, List<Series> series) {
    List<String> names = series.stream().map(Series::name).toList();
    Svg s = frame(cssClass, title, xLabel, yLabel, x, y, legendHeight(names));
    for (int i = 0; i < series.size(); i++) {
      Series se = series.get(i);
      String c = color(i);
      double[] px = new double[se.xs().length];
      double[] py = new double[se.ys().length];
      for (int j = 0; j < px.length; j++) {
        px[j] = x.px(se.xs()[j]);
        py[j] = y.px(se.ys()[j]);
      }
      s.polyline(px, py, c, "series");
      for (int j = 0; j < px.length; j++) {
        if (se.err() != null && se.err()[j] > 0) {
          double lo = y.px(Math.max(0, se.ys()[j] - se.err()[j]));
          double hi = y.px(se.ys()[j] + se.err()[j]);
          s.line(px[j], lo, px[j], hi, c, 1.2, null);
          s.line(px[j] - 4, lo, px[j] + 4, lo, c, 1.2, null);
          s.line(px[j] - 4, hi, px[j] + 4, hi, c, 1.2, null);
        }
        if (se.tips() != null) {
          s.circle(px[j], py[j], px.length > 40 ? 1.6 : 3, c, se.tips()[j]);
        }
      }
    }
    legend(s, names);
    return s.end();
  }

  /** values[group][category]; groups side by side within each category. */
  static String bars(String cssClass, String title, String yLabel, List<String> categories, List<String> groups,
      double[][] values, DoubleFunction<String> labels, DoubleFunction<String> tip) {
    double max = 0;
    for (double[] g : values) {
      for (double v : g) {
        max = Math.max(max, Double.isNaN(v) ? 0 : v);
      }
    }
    Axis x = Axis.categories(categories, LEFT, RIGHT);
    Axis y = Axis.linear(0, max, BOTTOM, TOP, labels);
    Svg s = frame(cssClass, title, null, yLabel, x, y, legendHeight(groups));
    double band = x.bandWidth() * 0.8;
    double w = band / Math.max(1, groups.size());
    for (int g = 0; g < groups.size(); g++) {
      for (int c = 0; c < categories.size(); c++) {
        double v = values[g][c];
        if (Double.isNaN(v)) {
          continue;
        }
        double x0 = x.px(c) - band / 2 + g * w;
        double y0 = y.px(v);
        s.rect(x0, y0, w - 1, BOTTOM - y0, color(g), groups.get(g) + " · " + categories.get(c) + ": " + tip.apply(v));
      }
    }
    legend(s, groups);
    return s.end();
  }

  private static Svg frame(String cssClass, String title, String xLabel, String yLabel, Axis x, Axis y,
      double legendHeight) {
    Svg s = new Svg(W, (int) Math.ceil(H + legendHeight), cssClass);
    s.text(LEFT, 18, "start", title, "font-size=\"13\" font-weight=\"bold\"");
    for (Axis.Tick t : y.ticks()) {
      double py = y.px(t.value());
      s.line(LEFT, py, RIGHT, py, "#e3e3e3", 1, null);
      s.text(LEFT - 6, py + 4, "end", t.label(), null);
    }
    List<Axis.Tick> xt = x.ticks();
    boolean rotate = x.scale == Axis.Scale.CATEGORY && xt.stream().mapToInt(t -> t.label().length()).max().orElse(0)
        * 6.5 > (RIGHT - LEFT) / Math.max(1, xt.size());
    for (Axis.Tick t : xt) {
      double px = x.px(t.value());
      s.line(px, TOP, px, BOTTOM, "#eeeeee", 1, null);
      s.line(px, BOTTOM, px, BOTTOM + 4, "#444", 1, null);
      if (rotate) {
        // a category too long to stand upright is tilted and shortened here only: the legend and the tooltip
        // carry it whole
        s.text(px, BOTTOM + 14, "end", shorten(t.label(), 22),
            "transform=\"rotate(-30 " + Svg.fmt(px) + " " + Svg.fmt(BOTTOM + 14) + ")\"");
      } else {
        s.text(px, BOTTOM + 16, "middle", t.label(), null);
      }
    }
    s.line(LEFT, BOTTOM, RIGHT, BOTTOM, "#444", 1, null);
    s.line(LEFT, TOP, LEFT, BOTTOM, "#444", 1, null);
    if (xLabel != null) {
      s.text((LEFT + RIGHT) / 2, H - 10, "middle", xLabel, null);
    }
    if (yLabel != null) {
      s.text(16, (TOP + BOTTOM) / 2, "middle", yLabel,
          "transform=\"rotate(-90 16 " + Svg.fmt((TOP + BOTTOM) / 2) + ")\"");
    }
    return s;
  }

  private static double legendHeight(List<String> names) {
    int lines = 0;
    for (String n : names) {
      lines += wrap(n).size();
    }
    return lines == 0 ? 0 : lines * LEGEND_LINE + 10;
  }

  /** Every name whole, under the plot, each with its colour. */
  private static void legend(Svg s, List<String> names) {
    double y = H + 4;
    for (int i = 0; i < names.size(); i++) {
      List<String> lines = wrap(names.get(i));
      s.legendEntry(i, LEFT, y, color(i), names.get(i), lines, LEGEND_LINE);
      y += lines.size() * LEGEND_LINE;
    }
  }

  /** A name in lines of at most LEGEND_CHARS characters, broken at spaces where it can be; nothing dropped. */
  static List<String> wrap(String name) {
    List<String> lines = new ArrayList<>();
    String rest = name;
    while (rest.length() > LEGEND_CHARS) {
      int cut = rest.lastIndexOf(' ', LEGEND_CHARS);
      if (cut <= 0) {
        cut = LEGEND_CHARS;
      }
      lines.add(rest.substring(0, cut));
      rest = rest.substring(cut).stripLeading();
    }
    lines.add(rest);
    return lines;
  }

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
