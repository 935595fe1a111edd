package dev.regatta.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hostile runs under src/test/resources/hostile/: one YAML file each, whose header comments say what it is
 * ({@code # what it is}), the field the refusal must name ({@code # expect: spec.placements[0].pods}) and where
 * it must be refused ({@code # at: apply} by the API, {@code operator} as a Failed run, {@code either}).
 * {@code {{repeat X N}}} in a file stands for X repeated N times (a 1 MB value without a 1 MB file). When a
 * file holds several documents, the last is the hostile run and the ones before it are set-up, applied first
 * and left to be accepted (two runs whose object names collide, say).
 */
final class HostileCorpus {
  /** Where a case must be refused. */
  enum Where { APPLY, OPERATOR, EITHER }

  record Case(String file, String what, String expect, Where at, String name, String yaml, String setup,
      List<String> setupNames) {
    String label() {
      return file + " (" + what + ")";
    }
  }

  private static final Pattern REPEAT = Pattern.compile("\\{\\{repeat (\\S+) (\\d+)}}");
  private static final Pattern NAME = Pattern.compile("(?m)^metadata:\\s*\\n\\s+name:\\s*(\\S+)");

  private HostileCorpus() {}

  static Path dir() {
    return Repo.root().resolve("local/src/test/resources/hostile");
  }

  static List<Case> load() {
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        cases.add(parse(f.getFileName().toString(), Files.readString(f)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  static Case parse(String file, String text) {
    String what = null;
    String expect = null;
    Where at = null;
    for (String line : text.lines().toList()) {
      if (!line.startsWith("#")) {
        break;
      }
      String c = line.substring(1).trim();
      if (c.startsWith("expect:")) {
        expect = c.substring("expect:".length()).trim();
      } else if (c.startsWith("at:")) {
        at = Where.valueOf(c.substring("at:".length()).trim().toUpperCase(java.util.Locale.ROOT));
      } else if (what == null && !c.startsWith("why:")) {
        what = c;
      }
    }
    if (what == null || expect == null || at == null) {
      throw new IllegalArgumentException(file + ": the header must say what the run is, '# expect: FIELD' and "
          + "'# at: apply|operator|either'");
    }
    Matcher m = REPEAT.matcher(text);
    StringBuilder yaml = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(yaml, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
    }
    m.appendTail(yaml);
    String[] documents = yaml.toString().split("(?m)^---\\s*$");
    String hostile = documents[documents.length - 1];
    List<String> setupNames = new ArrayList<>();
    for (int i = 0; i < documents.length - 1; i++) {
      setupNames.add(name(file, documents[i]));
    }
    String setup = String.join("---\n", java.util.Arrays.asList(documents).subList(0, documents.length - 1));
    return new Case(file, what, expect, at, name(file, hostile), hostile, setup, setupNames);
  }

  private static String name(String file, String document) {
    Matcher n = NAME.matcher(document);
    if (!n.find()) {
      throw new IllegalArgumentException(file + ": a document without metadata.name");
    }
    return n.group(1);
  }

  /**
   * Whether a message names the field. The API server writes a map key as {@code matrix[bufferSize]} in CEL
   * errors and {@code matrix.bufferSize} in schema errors; the operator writes the latter: both count.
   */
  static boolean names(String message, String field) {
    return normalise(message).contains(normalise(field));
  }

  private static String normalise(String s) {
    return s.replaceAll("\\[([A-Za-z_][^\\]]*)]", ".$1");
  }
}
