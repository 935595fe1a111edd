package dev.regatta.runner.external.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 lines of a tool's results file, each at most {@code maxLineBytes}: a file of one endless line (or a
 * binary file given as text) is a clear error instead of an OutOfMemoryError in the runner.
 */
final class BoundedLines implements AutoCloseable {
  static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
  /** One JSON value a line: anything after it on the line is an error, not silently dropped. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] line;
  private long number;
  private boolean endedWithNewline = true;

  BoundedLines(InputStream in, int maxLineBytes) {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
    this.maxLineBytes = maxLineBytes;
    this.line = new byte[maxLineBytes];
  }

  BoundedLines(InputStream in) {
    this(in, DEFAULT_MAX_LINE_BYTES);
  }

  /** The next line without its line break, or null at the end of the file. */
  String next() throws IOException, MalformedResultsException {
    int n = 0;
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (n == maxLineBytes) {
        throw new MalformedResultsException("line " + (number + 1) + " is longer than " + maxLineBytes + " bytes");
      }
      line[n++] = (byte) b;
    }
    if (b == -1 && n == 0) {
      return null;
    }
    number++;
    endedWithNewline = b == '\n';
    if (n > 0 && line[n - 1] == '\r') {
      n--;
    }
    return new String(line, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * The next non-blank line as JSON, or null at the end of the file; writer names who wrote it in the error for a
   * line that is not JSON (a cut-off last line usually means the writer was stopped while writing).
   */
  JsonNode nextJson(String writer) throws IOException, MalformedResultsException {
    String line;
    do {
      line = next();
    } while (line != null && line.isBlank());
    if (line == null) {
      return null;
    }
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new MalformedResultsException("line " + number + " is not JSON"
          + (endedWithNewline ? "" : " (the last line, cut off: was " + writer + " stopped while writing?)")
          + ": " + e.getOriginalMessage());
    }
  }

  /** The number of the line {@link #next()} returned last, from 1. */
  long number() {
    return number;
  }

  /** False when the last line had no line break: the writer may have been stopped in the middle of it. */
  boolean lastLineComplete() {
    return endedWithNewline;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
