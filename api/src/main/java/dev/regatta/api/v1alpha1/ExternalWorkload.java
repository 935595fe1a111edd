package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;
import java.util.Map;

/**
 * Bring your own load generator: a command the runner starts at the fleet's start instant, whose measurements it
 * reads from a results file and merges like its own (docs/WORKLOADS.md, "external").
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ExternalWorkload {
  /** Where to find the tool's measurements and how they are written. */
  public enum Format {
    /** Regatta's JSON lines, one request a line (docs/WORKLOADS.md). */
    @JsonProperty("jsonl") JSONL,
    /** An HdrHistogram interval log (HistogramLogWriter), values in {@code unit}. */
    @JsonProperty("hdrhistogram-log") HDRHISTOGRAM_LOG,
    /** k6's --out json=FILE. */
    @JsonProperty("k6-json") K6_JSON,
    /** wrk --latency's printed summary: percentiles only, a per-pod row that never merges. */
    @JsonProperty("wrk-latency") WRK_LATENCY
  }

  /** The unit of an HdrHistogram log's values. */
  public enum Unit {
    @JsonProperty("ns") NANOSECONDS(0.001),
    @JsonProperty("us") MICROSECONDS(1),
    @JsonProperty("ms") MILLISECONDS(1000);

    private final double micros;

    Unit(double micros) {
      this.micros = micros;
    }

    /** Microseconds per unit. */
    public double micros() {
      return micros;
    }
  }

  @JsonPropertyDescription("The tool's image, for the cluster design in docs/PROTOCOL.md. This version runs the command "
      + "inside the runner container (build the tool into an image FROM the runner's, and set runner.image); local "
      + "mode runs it on the machine. Not used to start a container yet.")
  @Size(max = Limits.MAX_IMAGE)
  private String image;

  @Required
  @JsonPropertyDescription("The executable and its first arguments, as argv (never through a shell), e.g. "
      + "[python3, /bench/load.py]. Looked up on PATH when it has no slash.")
  @Size(min = 1, max = Limits.MAX_LIST_ITEMS)
  private List<@Size(max = Limits.MAX_ARG) String> command = new ArrayList<>();

  @JsonPropertyDescription("More arguments, after command. {{name}} is replaced by the matrix parameter of that name; "
      + "{{repeat}}, {{warmupSeconds}}, {{durationSeconds}} and {{results}} by the window's.")
  @Size(max = Limits.MAX_LIST_ITEMS)
  private List<@Size(max = Limits.MAX_ARG) String> args = new ArrayList<>();

  @JsonPropertyDescription("Environment for the tool, besides the REGATTA_* variables the runner sets "
      + "(docs/WORKLOADS.md); names must not start with REGATTA_.")
  @Size(max = Limits.MAX_MAP_ENTRIES)
  private Map<String, @Size(max = Limits.MAX_ARG) String> env = new LinkedHashMap<>();

  @JsonPropertyDescription("Environment for the tool from Secret keys: variable name -> {name, key} of a Secret in the "
      + "run's namespace (e.g. an object store's access key). The value reaches the tool only, as the run's other "
      + "secrets reach the runner; names as in env, and not also in env.")
  @Size(max = Limits.MAX_MAP_ENTRIES)
  private Map<String, SecretKeySelector> secretEnv = new LinkedHashMap<>();

  @Required
  @JsonPropertyDescription("Where the tool writes its measurements and in which format.")
  private Results results;

  @Default("30s")
  @JsonPropertyDescription("How long the tool may run past warmup + duration before it is stopped (SIGTERM, then "
      + "SIGKILL 5 s later); a stopped tool is a ToolFailed fault, what it wrote before is kept.")
  @Size(max = 32)
  private String gracePeriod = "30s";

  public String getImage() { return image; }
  public void setImage(String image) { this.image = image; }
  public List<String> getCommand() { return command; }
  public void setCommand(List<String> command) { this.command = command; }
  public List<String> getArgs() { return args; }
  public void setArgs(List<String> args) { this.args = args; }
  public Map<String, String> getEnv() { return env; }
  public void setEnv(Map<String, String> env) { this.env = env; }
  public Map<String, SecretKeySelector> getSecretEnv() { return secretEnv; }
  public void setSecretEnv(Map<String, SecretKeySelector> secretEnv) { this.secretEnv = secretEnv; }
  public Results getResults() { return results; }
  public void setResults(Results results) { this.results = results; }
  public String getGracePeriod() { return gracePeriod; }
  public void setGracePeriod(String gracePeriod) { this.gracePeriod = gracePeriod; }

  /** The tool's results file. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Results {
    @JsonPropertyDescription("The file the tool writes, relative to the tool's working directory (a fresh directory "
        + "per window) or absolute. Absent: the tool's standard output is the results (wrk).")
    @Size(max = Limits.MAX_KEY)
    private String path;

    @Required
    @JsonPropertyDescription("jsonl, hdrhistogram-log, k6-json or wrk-latency (percentiles only: never merged).")
    private Format format;

    @Default("us")
    @JsonPropertyDescription("hdrhistogram-log: the unit of the logged values, ns, us or ms.")
    private Unit unit = Unit.MICROSECONDS;

    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public Format getFormat() { return format; }
    public void setFormat(Format format) { this.format = format; }
    public Unit getUnit() { return unit; }
    public void setUnit(Unit unit) { this.unit = unit; }
  }
}
