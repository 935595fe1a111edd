package dev.regatta.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regatta.api.RunFiles;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A small valid run, as YAML, and ways to break it one field at a time. */
public final class TestRuns {
  public static final String VALID = """
      apiVersion: regatta.dev/v1alpha1
      kind: BenchmarkRun
      metadata:
        name: small
      spec:
        placements:
          - name: eu
            region: eu-west-1
            pods: 2
          - name: us
            region: us-east-1
            pods: 1
        sidecars:
          - name: redis
            preload:
              key: blob
              generate:
                size: 1Mi
        defaults:
          duration: 5s
          warmup: 1s
          load:
            connections: 4
        scenarios:
          - name: get
            redis:
              op: get
          - name: blob
            redis:
              op: blobRead
              key: blob
            matrix:
              bufferSize:
                powersOfTwo: {from: 12, to: 14}
      """;

  private TestRuns() {}

  /** The valid run as a tree, to edit. */
  public static ObjectNode validTree() {
    return tree(VALID);
  }

  public static ObjectNode tree(String yaml) {
    try {
      return (ObjectNode) RunFiles.yaml().readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a YAML fragment (e.g. "{rate: 100}") into a tree. */
  public static JsonNode yaml(String fragment) {
    return tree("v: " + fragment).get("v");
  }

  /** Replaces (or adds) the value at a JSON pointer such as /spec/placements/0/pods. */
  public static ObjectNode with(ObjectNode run, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = run.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent.isArray()) {
      ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
    return run;
  }

  public static ObjectNode with(ObjectNode run, String pointer, String yamlValue) {
    return with(run, pointer, yaml(yamlValue));
  }

  /**
   * The tree as a run, read as the operator reads one from the API: never failing, a spec that does not fit the
   * types comes back unreadable, for SpecValidator to report.
   */
  public static BenchmarkRun toRun(JsonNode tree) {
    try {
      return RunFiles.yaml().treeToValue(tree, BenchmarkRun.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
