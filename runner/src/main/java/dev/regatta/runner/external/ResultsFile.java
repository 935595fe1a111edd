package dev.regatta.runner.external;

import dev.regatta.api.v1alpha1.ExternalWorkload;
import dev.regatta.runner.external.formats.HdrLogReader;
import dev.regatta.runner.external.formats.JsonLinesReader;
import dev.regatta.runner.external.formats.K6JsonReader;
import dev.regatta.runner.external.formats.MalformedResultsException;
import dev.regatta.runner.external.formats.PercentileOnly;
import dev.regatta.runner.external.formats.ResultsReader;
import dev.regatta.runner.external.formats.ToolRecords;
import dev.regatta.runner.external.formats.WrkLatencyReader;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a window's results (the file, or the captured stdout) in the scenario's format. Returns null when all went
 * well, else one line saying what was wrong; what was read before the problem is recorded either way.
 */
final class ResultsFile {
  /** Read at most this much of a results file: larger ones are read up to it and reported. */
  static final long MAX_BYTES = 1L << 30;

  private final ExternalWorkload.Results spec;

  ResultsFile(ExternalWorkload.Results spec) {
    this.spec = spec;
  }

  /** Where the percentile-only format's figures go (null for the other formats). */
  PercentileOnly percentileOnly;

  String read(Path file, byte[] stdout, long windowStartEpochMillis, ToolRecords into) {
    try (InputStream raw = open(file, stdout, windowStartEpochMillis)) {
      Limited in = new Limited(raw, MAX_BYTES);
      String problem = null;
      try {
        if (spec.getFormat() == ExternalWorkload.Format.WRK_LATENCY) {
          percentileOnly = new WrkLatencyReader().read(in);
        } else {
          reader().read(in, into);
        }
      } catch (MalformedResultsException e) {
        problem = name(file) + ": " + e.getMessage();
      }
      if (in.hitLimit) {
        problem = name(file) + " is larger than " + MAX_BYTES + " bytes; only that much was read"
            + (problem == null ? "" : " (" + problem + ")");
      }
      return problem;
    } catch (NoSuchFileException e) {
      return name(file) + " does not exist: the tool wrote no results";
    } catch (StaleFileException e) {
      return e.getMessage();
    } catch (IOException e) {
      return name(file) + " cannot be read: " + e.getMessage();
    } finally {
      into.finish();
    }
  }

  private ResultsReader reader() {
    return switch (spec.getFormat()) {
      case JSONL -> new JsonLinesReader();
      case K6_JSON -> new K6JsonReader();
      case HDRHISTOGRAM_LOG -> new HdrLogReader(spec.getUnit() == null ? 1 : spec.getUnit().micros());
      case WRK_LATENCY -> throw new IllegalStateException("percentile-only: read apart");
    };
  }

  private static InputStream open(Path file, byte[] stdout, long windowStartEpochMillis) throws IOException {
    if (file == null) {
      return new ByteArrayInputStream(stdout);
    }
    // A file left from an earlier window or run is not this window's measurements.
    if (Files.getLastModifiedTime(file).toMillis() < windowStartEpochMillis - 1000) {
      throw new StaleFileException("results file " + file + " was not written in this window (it is older)");
    }
    return Files.newInputStream(file);
  }

  private static String name(Path file) {
    return file == null ? "the tool's standard output" : "results file " + file;
  }

  private static final class StaleFileException extends IOException {
    StaleFileException(String message) {
      super(message);
    }
  }

  /** Ends the stream after {@code limit} bytes and remembers that it did. */
  private static final class Limited extends FilterInputStream {
    private long left;
    boolean hitLimit;

    Limited(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        hitLimit |= super.read() != -1;
        return -1;
      }
      int b = super.read();
      left -= b == -1 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        hitLimit |= super.read() != -1;
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      left -= Math.max(0, n);
      return n;
    }
  }
}
