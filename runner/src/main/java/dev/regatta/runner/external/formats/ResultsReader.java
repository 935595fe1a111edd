package dev.regatta.runner.external.formats;

import java.io.IOException;
import java.io.InputStream;

/** Reads one results format into {@link ToolRecords}; throws at the first bad record, keeping the ones before. */
public interface ResultsReader {
  void read(InputStream in, ToolRecords into) throws IOException, MalformedResultsException;
}
