package dev.regatta.operator.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * /metrics in the format the scraper asks for (its Accept header): Prometheus' protobuf, which carries native
 * histograms (a Prometheus with native histograms on asks for it), OpenMetrics text, or the Prometheus text format
 * (the default: classic buckets only).
 */
public final class Exposition {
  /** A scrape's answer. */
  public record Body(String contentType, byte[] bytes) {}

  /** Answers a scrape. */
  @FunctionalInterface
  public interface Source {
    Body scrape(String accept) throws IOException;
  }

  private static final ExpositionFormats FORMATS = ExpositionFormats.init();

  private Exposition() {}

  public static Body of(PrometheusRegistry registry, String accept) throws IOException {
    ExpositionFormatWriter writer = FORMATS.findWriter(accept == null ? "" : accept);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape());
    return new Body(writer.getContentType(), out.toByteArray());
  }
}
