package dev.regatta.report.html;

import java.util.Locale;

/** A tiny SVG writer: the report draws its own plots so the page needs no script or network to show them. */
final class Svg {
  private final StringBuilder b = new StringBuilder();

  Svg(int width, int height, String cssClass) {
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").append(cssClass).append("\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" font-family=\"sans-serif\" font-size=\"11\">");
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
    b.append("<line x1=\"").append(fmt(x1)).append("\" y1=\"").append(fmt(y1)).append("\" x2=\"").append(fmt(x2))
        .append("\" y2=\"").append(fmt(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
        .append(fmt(width)).append('"');
    if (dash != null) {
      b.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    b.append("/>");
    return this;
  }

  Svg text(double x, double y, String anchor, String text, String extra) {
    b.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" text-anchor=\"").append(anchor)
        .append('"');
    if (extra != null) {
      b.append(' ').append(extra);
    }
    b.append('>').append(esc(text)).append("</text>");
    return this;
  }

  Svg rect(double x, double y, double w, double h, String fill, String title) {
    b.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" width=\"").append(fmt(w))
        .append("\" height=\"").append(fmt(Math.max(0, h))).append("\" fill=\"").append(fill).append('"');
    if (title != null) {
      b.append("><title>").append(esc(title)).append("</title></rect>");
    } else {
      b.append("/>");
    }
    return this;
  }

  Svg circle(double x, double y, double r, String fill, String title) {
    b.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"").append(fmt(r))
        .append("\" fill=\"").append(fill).append("\"><title>").append(esc(title)).append("</title></circle>");
    return this;
  }

  Svg polyline(double[] xs, double[] ys, String stroke, String cssClass) {
    b.append("<polyline class=\"").append(cssClass).append("\" fill=\"none\" stroke=\"").append(stroke)
        .append("\" stroke-width=\"1.8\" points=\"");
    for (int i = 0; i < xs.length; i++) {
      b.append(fmt(xs[i])).append(',').append(fmt(ys[i])).append(' ');
    }
    b.append("\"/>");
    return this;
  }

  /**
   * One legend entry: a colour swatch and the series' name in {@code lines}, as one group with the class
   * "legend-entry" and the full name in a data attribute (so a reader or a test sees every name whole).
   */
  Svg legendEntry(int index, double x, double y, String color, String name, java.util.List<String> lines,
      double lineHeight) {
    b.append("<g class=\"legend-entry\" data-series=\"").append(index).append("\" data-name=\"")
        .append(esc(name)).append("\">");
    rect(x, y + 2, 10, 10, color, null);
    for (int i = 0; i < lines.size(); i++) {
      text(x + 16, y + 11 + i * lineHeight, "start", lines.get(i), null);
    }
    b.append("</g>");
    return this;
  }

  String end() {
    return b.append("</svg>").toString();
  }
}
