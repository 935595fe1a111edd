package dev.regatta.report.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.protocol.Protocol;
import dev.regatta.report.model.RunData;
import dev.regatta.result.ResultDocument;
import dev.regatta.result.ResultJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run saved as files: a directory (searched recursively) or one file holding any of: per-pod result
 * documents (the runner's result.json, `--json` output), the run as YAML or JSON (`kubectl get br NAME -o
 * yaml`), result ConfigMaps (`kubectl get cm -l regatta.dev/run=NAME -o yaml`, a List). Other files are
 * skipped, so a whole artifacts directory can be pointed at.
 */
public final class FileSource {
  private FileSource() {}

  public static RunData read(Path path, String wantedRun) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(path + " does not exist");
    }
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> s = Files.walk(path)) {
        s.filter(Files::isRegularFile).filter(FileSource::interesting).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      files.add(path);
    }
    List<BenchmarkRun> runs = new ArrayList<>();
    List<ResultDocument> docs = new ArrayList<>();
    for (Path f : files) {
      for (JsonNode node : parse(f)) {
        collect(node, f, runs, docs);
      }
    }
    BenchmarkRun run = runs.stream()
        .filter(r -> wantedRun == null || wantedRun.equals(r.getMetadata().getName()))
        .findFirst().orElse(null);
    String name = wantedRun != null ? wantedRun
        : run != null ? run.getMetadata().getName()
        : docs.stream().map(ResultDocument::run).filter(n -> n != null).findFirst()
            .orElse(path.toAbsolutePath().normalize().getFileName().toString());
    List<ResultDocument> mine = docs.stream().filter(d -> d.run() == null || d.run().equals(name)).toList();
    if (run == null && mine.isEmpty()) {
      throw new IllegalArgumentException("no result documents or BenchmarkRun" + (wantedRun == null ? "" : " '" + wantedRun + "'")
          + " found in " + path);
    }
    String ns = run != null ? run.getMetadata().getNamespace()
        : mine.stream().map(ResultDocument::namespace).filter(n -> n != null).findFirst().orElse(null);
    return new RunData(name, ns, run, mine, "files " + path);
  }

  private static boolean interesting(Path p) {
    String n = p.getFileName().toString();
    boolean ours = n.equals(dev.regatta.report.ReportWriter.JSON_FILE); // our own output is not input
    return !ours && (n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml"));
  }

  private static List<JsonNode> parse(Path f) {
    List<JsonNode> nodes = new ArrayList<>();
    try {
      String text = Files.readString(f);
      if (f.getFileName().toString().endsWith(".json")) {
        nodes.add(ResultJson.mapper().readTree(text));
      } else {
        try (MappingIterator<JsonNode> it = RunFiles.yaml().readerFor(JsonNode.class).readValues(text)) {
          while (it.hasNext()) {
            JsonNode n = it.next();
            if (n != null && !n.isNull()) {
              nodes.add(n);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(f + ": cannot read: " + e.getMessage(), e);
    }
    return nodes;
  }

  private static void collect(JsonNode n, Path f, List<BenchmarkRun> runs, List<ResultDocument> docs) {
    String kind = n.path("kind").asText("");
    try {
      if (kind.equals("List") || kind.endsWith("List")) {
        for (JsonNode item : n.path("items")) {
          collect(item, f, runs, docs);
        }
      } else if (kind.equals(BenchmarkRun.KIND)) {
        runs.add(ResultJson.mapper().treeToValue(n, BenchmarkRun.class));
      } else if (kind.equals("ConfigMap")) {
        JsonNode result = n.path("data").path(Protocol.RESULT_KEY);
        if (result.isTextual()) {
          docs.add(ResultJson.read(result.asText()));
        }
      } else if (n.path("version").asText("").startsWith("regatta.dev/result")) {
        docs.add(ResultJson.mapper().treeToValue(n, ResultDocument.class));
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
    }
  }
}
