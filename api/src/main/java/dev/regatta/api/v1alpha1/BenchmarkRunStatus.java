package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.regatta.api.read.Unreadable;
import dev.regatta.units.Humanize;
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

  @JsonPropertyDescription("True when some pods' results are missing from the merged rows: a pod without a result, "
      + "a pod lost while measuring, or a result left out because it started late (see faults).")
  private Boolean partial;

  @JsonPropertyDescription("The verdict of spec.thresholds: Passed or Failed with the criteria that held, e.g. "
      + "'Failed 1/3'; none without thresholds, or when the run failed before they could be judged.")
  private String verdict;

  @JsonPropertyDescription("Each criterion of spec.thresholds, judged on the merged rows: observed, bound, passed.")
  private List<ThresholdResult> thresholds;

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
  @JsonPropertyDescription("What went wrong with individual pods and what it did to the results: a pod lost while "
      + "measuring and replaced, a result left out because it started late, a sidecar that restarted, a pod "
      + "without a successful operation, a point that measured nothing. At most " + MAX_FAULTS + " entries; the Degraded condition counts them all.")
  private List<Fault> faults;

  @JsonPropertyDescription("While Running: the fleet's last live interval and the run so far (exact percentiles from "
      + "the runners' interval histograms added up). Gone once the run has ended: the results say the rest.")
  private Progress progress;

  /** Status stays small whatever happens to a run: this many faults are listed, the rest are counted. */
  public static final int MAX_FAULTS = 20;

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
  public List<Fault> getFaults() { return faults; }
  public String getVerdict() { return verdict; }
  public void setVerdict(String verdict) { this.verdict = verdict; }
  public List<ThresholdResult> getThresholds() { return thresholds; }
  public void setThresholds(List<ThresholdResult> thresholds) { this.thresholds = thresholds; }
  public void setFaults(List<Fault> faults) { this.faults = faults; }
  public Progress getProgress() { return progress; }
  public void setProgress(Progress progress) { this.progress = progress; }

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
    @JsonPropertyDescription("Results read but left out of the merged rows (started late: see faults).")
    private Integer excluded;

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
    public Integer getExcluded() { return excluded; }
    public void setExcluded(Integer excluded) { this.excluded = excluded; }
  }

  /** One pod's fault and what it did to the results. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Fault {
    /** A pod failed or was evicted after the start; the Job replaced it. What it had measured is lost. */
    public static final String LOST_WHILE_MEASURING = "LostWhileMeasuring";
    /** A result whose first measured window began too long after the fleet's: left out of the rows. */
    public static final String LATE_START = "LateStart";
    /** A native sidecar (Redis) restarted while the pod ran: errors in the gap, the sidecar's data gone. */
    public static final String SIDECAR_RESTARTED = "SidecarRestarted";
    /** A pod in which some scenario point had no successful operation, while others' had. */
    public static final String NO_SUCCESS = "NoSuccess";
    /** A scenario point in which no operation completed on any pod (no pod named): it measured nothing. */
    public static final String NO_OPERATIONS = "NoOperations";
    /**
     * A runner stopped by SIGTERM (an aborted run's suspended Job, a deleted or evicted pod) wrote what it had
     * measured: the window it cut short is in the rows over the time it really measured.
     */
    public static final String STOPPED_EARLY = "StoppedEarly";
    /** An external workload's tool failed in a window (exit code, deadline, results); what it wrote is kept. */
    public static final String TOOL_FAILED = "ToolFailed";

    @JsonPropertyDescription("LostWhileMeasuring, LateStart, SidecarRestarted, NoOperations, NoSuccess, StoppedEarly or ToolFailed.")
    private String type;
    @JsonPropertyDescription("The pod the fault happened to (none for NoOperations, which is about a point).")
    private String pod;
    private String placement;
    private Integer index;
    @JsonPropertyDescription("True when this pod's result is not in the merged rows.")
    private Boolean excluded;
    @JsonPropertyDescription("LateStart: how long after the fleet's first measured window this pod's began, seconds.")
    private Double lateSeconds;
    @JsonPropertyDescription("SidecarRestarted: restarts of the pod's sidecars.")
    private Integer restarts;
    @JsonPropertyDescription("One line: what happened and what it did to the results.")
    private String message;

    public Fault() {}

    public Fault(String type, String pod, String placement, Integer index, String message) {
      this.type = type;
      this.pod = pod;
      this.placement = placement;
      this.index = index;
      this.message = message;
    }

    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getPod() { return pod; }
    public void setPod(String pod) { this.pod = pod; }
    public String getPlacement() { return placement; }
    public void setPlacement(String placement) { this.placement = placement; }
    public Integer getIndex() { return index; }
    public void setIndex(Integer index) { this.index = index; }
    public Boolean getExcluded() { return excluded; }
    public void setExcluded(Boolean excluded) { this.excluded = excluded; }
    public Double getLateSeconds() { return lateSeconds; }
    public void setLateSeconds(Double lateSeconds) { this.lateSeconds = lateSeconds; }
    public Integer getRestarts() { return restarts; }
    public void setRestarts(Integer restarts) { this.restarts = restarts; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
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

  /**
   * The headline, for the printer columns: the first result row, humanised, in the figure its scenario is about:
   * successful operations per second (the row's successPerSecond, with its unit) or decimal MB/s; errors are
   * beside it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Summary {
    @JsonPropertyDescription("The headline figure with its unit: successful operations per second, e.g. 182.4k req/s "
        + "(errors are not in it: see errors), or bandwidth in decimal MB/s (10^6 bytes), e.g. 433 MB/s.")
    private String throughput;
    @JsonPropertyDescription("Which figure throughput shows: throughput or bandwidth.")
    private String headline;
    @JsonPropertyDescription("The headline row's bandwidth, decimal MB/s.")
    private Double megabytesPerSecond;
    @JsonPropertyDescription("e.g. 1.24ms")
    private String p99;
    @JsonPropertyDescription("Successful operations per second (the row's successPerSecond).")
    private Double throughputPerSecond;
    private Long p99Micros;
    private Long count;
    @JsonPropertyDescription("Failed operations of the headline row (part of count, not of throughput).")
    private Long errors;
    private Long dropped;
    @JsonPropertyDescription("Which row the headline is from (scenario and params).")
    private String row;

    public String getThroughput() { return throughput; }
    public void setThroughput(String throughput) { this.throughput = throughput; }
    public String getHeadline() { return headline; }
    public void setHeadline(String headline) { this.headline = headline; }
    public Double getMegabytesPerSecond() { return megabytesPerSecond; }
    public void setMegabytesPerSecond(Double megabytesPerSecond) { this.megabytesPerSecond = megabytesPerSecond; }
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

    /** The summary of one row (the operator uses the first). */
    public static Summary of(ResultRow row) {
      Summary s = new Summary();
      // the headline counts successful operations only; errors are beside it (summary.errors, the Errors column)
      double tput = row.getSuccessPerSecond() != null ? row.getSuccessPerSecond()
          : row.getThroughputPerSecond() == null ? 0 : row.getThroughputPerSecond();
      s.setThroughputPerSecond(tput);
      s.setMegabytesPerSecond(row.getMegabytesPerSecond());
      boolean bandwidth = row.bandwidthFirst();
      s.setHeadline(bandwidth ? Headline.BANDWIDTH.text() : Headline.THROUGHPUT.text());
      s.setThroughput(bandwidth ? Humanize.megabytes(row.getBytesPerSecond() == null ? 0 : row.getBytesPerSecond())
          : Humanize.rate(tput, row.getRateUnit() == null ? "ops/s" : row.getRateUnit()));
      if (row.getLatencyMicros() != null && row.getLatencyMicros().getP99() != null) {
        s.setP99Micros(row.getLatencyMicros().getP99());
        s.setP99(Humanize.micros(row.getLatencyMicros().getP99()));
      }
      s.setCount(row.getCount());
      s.setErrors(row.getErrors());
      s.setDropped(row.getDropped());
      s.setRow(row.getParams() == null || row.getParams().isEmpty() ? row.getScenario()
          : row.getScenario() + " " + row.getParams().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
              .collect(java.util.stream.Collectors.joining(",", "{", "}")));
      return s;
    }
  }
}
