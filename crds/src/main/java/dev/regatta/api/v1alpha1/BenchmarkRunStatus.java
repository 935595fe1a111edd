package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.regatta.api.read.Unreadable;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator knows of a run. Headline rows only: full per-pod data stays in the result objects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BenchmarkRunStatus {
  private Phase phase;
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("One line for humans: what the run is doing or why it failed.")
  private String message;

  @JsonPropertyDescription("Runner pods done (or ready, before the start) / expected, e.g. 10/10.")
  private String podSummary;

  private PodCounts pods;

  @JsonPropertyDescription("When the operator first saw the run (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the run reached Succeeded or Failed (RFC 3339).")
  private String completionTime;

  private StartBarrier barrier;

  private Summary summary;

  @JsonPropertyDescription("Merged rows, one per scenario and parameter point, pooled over pods and repeats, with per-region rows.")
  private List<ResultRow> results;

  @JsonPropertyDescription("Where the complete per-pod result documents are, e.g. configmaps -l regatta.dev/run=NAME.")
  private String resultsLocation;

  @JsonPropertyDescription("True when some pods' results are missing from the merged rows.")
  private Boolean partial;

  /** status.message and condition messages are cut to this length, whatever a spec or a pod said. */
  public static final int MAX_MESSAGE = 2048;

  @JsonIgnore
  private Unreadable unreadable;

  /** A status that could not be read from its JSON (see {@link #unreadable()}). */
  public static BenchmarkRunStatus unreadable(Unreadable unreadable) {
    BenchmarkRunStatus s = new BenchmarkRunStatus();
    s.unreadable = unreadable;
    return s;
  }

  /** Null for a status read whole; else what was wrong with it and the JSON as written. */
  public Unreadable unreadable() {
    return unreadable;
  }

  public Phase getPhase() { return phase; }
  public void setPhase(Phase phase) { this.phase = phase; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public String getMessage() { return message; }
  public void setMessage(String message) {
    this.message = message == null || message.length() <= MAX_MESSAGE ? message
        : message.substring(0, MAX_MESSAGE - 3) + "...";
  }
  public String getPodSummary() { return podSummary; }
  public void setPodSummary(String podSummary) { this.podSummary = podSummary; }
  public PodCounts getPods() { return pods; }
  public void setPods(PodCounts pods) { this.pods = pods; }
  public String getStartTime() { return startTime; }
  public void setStartTime(String startTime) { this.startTime = startTime; }
  public String getCompletionTime() { return completionTime; }
  public void setCompletionTime(String completionTime) { this.completionTime = completionTime; }
  public StartBarrier getBarrier() { return barrier; }
  public void setBarrier(StartBarrier barrier) { this.barrier = barrier; }
  public Summary getSummary() { return summary; }
  public void setSummary(Summary summary) { this.summary = summary; }
  public List<ResultRow> getResults() { return results; }
  public void setResults(List<ResultRow> results) { this.results = results; }
  public String getResultsLocation() { return resultsLocation; }
  public void setResultsLocation(String resultsLocation) { this.resultsLocation = resultsLocation; }
  public Boolean getPartial() { return partial; }
  public void setPartial(Boolean partial) { this.partial = partial; }

  /** The condition of the given type, or null. */
  public Condition condition(String type) {
    return conditions == null ? null
        : conditions.stream().filter(c -> Objects.equals(c.getType(), type)).findFirst().orElse(null);
  }

  /** Runner pod counts, from the pods the operator sees and the results it has read. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PodCounts {
    private Integer expected;
    private Integer ready;
    private Integer running;
    private Integer succeeded;
    private Integer failed;
    private Integer results;

    public Integer getExpected() { return expected; }
    public void setExpected(Integer expected) { this.expected = expected; }
    public Integer getReady() { return ready; }
    public void setReady(Integer ready) { this.ready = ready; }
    public Integer getRunning() { return running; }
    public void setRunning(Integer running) { this.running = running; }
    public Integer getSucceeded() { return succeeded; }
    public void setSucceeded(Integer succeeded) { this.succeeded = succeeded; }
    public Integer getFailed() { return failed; }
    public void setFailed(Integer failed) { this.failed = failed; }
    public Integer getResults() { return results; }
    public void setResults(Integer results) { this.results = results; }
  }

  /** The synchronised start. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class StartBarrier {
    @JsonPropertyDescription("The start instant published to every runner (RFC 3339, milliseconds).")
    private String startAt;
    @JsonPropertyDescription("Seconds from the run's creation until every runner was ready.")
    private Double waitSeconds;
    @JsonPropertyDescription("Spread between the earliest and latest measured start of the runners, milliseconds.")
    private Double skewMillis;

    public String getStartAt() { return startAt; }
    public void setStartAt(String startAt) { this.startAt = startAt; }
    public Double getWaitSeconds() { return waitSeconds; }
    public void setWaitSeconds(Double waitSeconds) { this.waitSeconds = waitSeconds; }
    public Double getSkewMillis() { return skewMillis; }
    public void setSkewMillis(Double skewMillis) { this.skewMillis = skewMillis; }
  }

  /** The headline, for the printer columns: the first result row, humanised. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Summary {
    @JsonPropertyDescription("e.g. 182.4k/s")
    private String throughput;
    @JsonPropertyDescription("e.g. 1.24ms")
    private String p99;
    private Double throughputPerSecond;
    private Long p99Micros;
    private Long count;
    private Long errors;
    private Long dropped;
    @JsonPropertyDescription("Which row the headline is from (scenario and params).")
    private String row;

    public String getThroughput() { return throughput; }
    public void setThroughput(String throughput) { this.throughput = throughput; }
    public String getP99() { return p99; }
    public void setP99(String p99) { this.p99 = p99; }
    public Double getThroughputPerSecond() { return throughputPerSecond; }
    public void setThroughputPerSecond(Double throughputPerSecond) { this.throughputPerSecond = throughputPerSecond; }
    public Long getP99Micros() { return p99Micros; }
    public void setP99Micros(Long p99Micros) { this.p99Micros = p99Micros; }
    public Long getCount() { return count; }
    public void setCount(Long count) { this.count = count; }
    public Long getErrors() { return errors; }
    public void setErrors(Long errors) { this.errors = errors; }
    public Long getDropped() { return dropped; }
    public void setDropped(Long dropped) { this.dropped = dropped; }
    public String getRow() { return row; }
    public void setRow(String row) { this.row = row; }
  }
}
