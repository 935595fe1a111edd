package dev.regatta.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs deploy/argocd/benchmarkrun-health.lua the way Argo CD does: the object as the global {@code obj}, the
 * script's returned table read back. With Debian's lua5.4 (scripts/ensure-deps.sh installs it).
 */
final class ArgoHealth {
  static final String LUA = "lua5.4";
  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(String status, String message) {}

  private ArgoHealth() {}

  static boolean available() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, LUA))) {
        return true;
      }
    }
    return false;
  }

  /** make test installs it (scripts/ensure-deps.sh): a missing interpreter fails the test rather than skip it. */
  static void require() {
    if (!available()) {
      throw new AssertionError(LUA + " is not installed: apt-get install -y lua5.4 (scripts/ensure-deps.sh test)");
    }
  }

  static Path script() {
    return Repo.root().resolve("deploy/argocd/benchmarkrun-health.lua");
  }

  /** The health of any object Jackson can write (a BenchmarkRun, a JsonNode read from a fixture). */
  static Result of(Object resource) throws IOException, InterruptedException {
    JsonNode obj = resource instanceof JsonNode n ? n : JSON.valueToTree(resource);
    String program = "obj = " + lua(obj) + "\n"
        + "local hs = assert(loadfile(" + lua(JSON.getNodeFactory().textNode(script().toString())) + "))()\n"
        + "io.write(hs.status, '\\n', hs.message or '')\n";
    Process p = new ProcessBuilder(LUA, "-").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(program.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(LUA + " failed: " + out);
    }
    int nl = out.indexOf('\n');
    return new Result(out.substring(0, nl), out.substring(nl + 1));
  }

  /** A JSON value as a Lua constructor: objects become tables with string keys, arrays sequences from 1. */
  static String lua(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "nil";
    }
    if (n.isTextual()) {
      StringBuilder b = new StringBuilder("\"");
      for (byte c : n.asText().getBytes(StandardCharsets.UTF_8)) {
        int u = c & 0xff;
        if (u == '"' || u == '\\') {
          b.append('\\').append((char) u);
        } else if (u < 0x20 || u >= 0x7f) {
          b.append(String.format("\\%03d", u)); // decimal escape: the same bytes whatever the encoding
        } else {
          b.append((char) u);
        }
      }
      return b.append('"').toString();
    }
    if (n.isBoolean() || n.isNumber()) {
      return n.asText();
    }
    StringBuilder b = new StringBuilder("{");
    if (n.isArray()) {
      for (JsonNode e : n) {
        b.append(lua(e)).append(',');
      }
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        b.append('[').append(lua(JSON.getNodeFactory().textNode(e.getKey()))).append("]=").append(lua(e.getValue()))
            .append(',');
      }
    }
    return b.append('}').toString();
  }
}
