package dev.regatta.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.BenchmarkRunStatus;
import dev.regatta.api.v1alpha1.Phase;
import dev.regatta.operator.barrier.StartBarrier;
import dev.regatta.operator.events.EventReason;
import dev.regatta.operator.events.RunEvent;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.reconcile.status.Conditions;
import dev.regatta.protocol.Protocol;
import dev.regatta.units.Durations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one reconcile of one run knows, built once at its start: the run as the cache has it, the status
 * being written (a copy the step changes), the accepted spec and its slots, what the informers hold of the run's
 * objects, the instant of the reconcile, and the cluster to act on. A step reads this and changes only
 * {@link #status()} and the Events; nothing in it outlives the reconcile, which is what makes the operator
 * restart-safe.
 */
public final class RunContext {
  /** The story of each run (accepted, phases, failures), under one name, so local mode can quiet it as a whole. */
  public static final Logger LOG = LoggerFactory.getLogger("dev.regatta.operator.run");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BenchmarkRun run;
  private final JsonNode statusAsRead;
  private final BenchmarkRunStatus status;
  private BenchmarkRunSpec spec;
  private List<RunObjects.Slot> slots;
  private final Observed seen;
  private final Instant now;
  private final RunCluster cluster;
  private final List<RunEvent> events = new ArrayList<>();

  /**
   * @param run the run as the cache has it (with this operator's own last status write: JOSDK's cache keeps it)
   * @param seen the run's own objects in the informer caches
   */
  public RunContext(BenchmarkRun run, Observed seen, Instant now, RunCluster cluster) {
    this.run = run;
    this.seen = seen;
    this.now = now;
    this.cluster = cluster;
    this.statusAsRead = statusJson(run.getStatus());
    this.status = run.getStatus() == null ? new BenchmarkRunStatus()
        : JSON.convertValue(run.getStatus(), BenchmarkRunStatus.class);
  }

  /** A status as JSON, the form two statuses are compared in (none: an empty status). */
  public static JsonNode statusJson(BenchmarkRunStatus status) {
    return JSON.valueToTree(status == null ? new BenchmarkRunStatus() : status);
  }

  public BenchmarkRun run() {
    return run;
  }

  /** The status the reconcile started from, as JSON: what a write is compared with. */
  public JsonNode statusAsRead() {
    return statusAsRead;
  }

  /** The phase the reconcile started in (null for a new run). */
  public Phase phaseAsRead() {
    return run.getStatus() == null ? null : run.getStatus().getPhase();
  }

  /** The status this reconcile will write if it differs from the one read. */
  public BenchmarkRunStatus status() {
    return status;
  }

  /**
   * The accepted spec: the one in the spec ConfigMap, which the runners see (read once, when a step first asks),
   * or the run's own before that ConfigMap exists.
   */
  public BenchmarkRunSpec spec() {
    if (spec == null) {
      BenchmarkRunSpec accepted = RunObjects.acceptedSpec(seen.configMap(Protocol.specConfigMapName(name()))
          .orElse(null));
      spec = accepted != null ? accepted : run.getSpec();
    }
    return spec;
  }

  /** Every runner pod's slot under the accepted spec (none for a spec that cannot be read). */
  public List<RunObjects.Slot> slots() {
    if (slots == null) {
      BenchmarkRunSpec s = spec();
      slots = s == null || s.unreadable() != null || s.getPlacements() == null ? List.of() : RunObjects.slots(name(), s);
    }
    return slots;
  }

  public Observed seen() {
    return seen;
  }

  public Instant now() {
    return now;
  }

  public RunCluster cluster() {
    return cluster;
  }

  /** The Events decided so far, recorded after the status is written. */
  public List<RunEvent> events() {
    return events;
  }

  public String name() {
    return run.getMetadata().getName();
  }

  public String namespace() {
    return run.getMetadata().getNamespace();
  }

  /** namespace/name */
  public String key() {
    return namespace() + "/" + name();
  }

  /** For log lines. */
  public String log() {
    return "run=" + key();
  }

  /** The generation the run was accepted at: conditions carry it. */
  public Long generation() {
    return status.getObservedGeneration();
  }

  public void event(EventReason reason, String message) {
    events.add(new RunEvent(reason, message));
  }

  /** Moves the run to {@code phase}, saying why in status.message, an Event and the log. */
  public void enter(Phase phase, EventReason reason, String message) {
    status.setPhase(phase);
    status.setMessage(Conditions.truncate(message));
    event(reason, message);
    LOG.info("{} phase {}: {}", log(), phase, message);
  }

  /** When the operator accepted the run (status.startTime). */
  public Instant startedAt() {
    return status.getStartTime() == null ? now : Instant.parse(status.getStartTime());
  }

  /** When the run was created, for the barrier's wait; the acceptance if the API gave no time. */
  public Instant createdAt() {
    String c = run.getMetadata().getCreationTimestamp();
    try {
      return c == null ? startedAt() : Instant.parse(c);
    } catch (RuntimeException e) {
      return startedAt();
    }
  }

  /** The operator's own backstop for spec.timeout: the acceptance + timeout + {@link #collectGrace}. */
  public Instant deadline() {
    Duration timeout = Durations.parse(spec().getTimeout());
    return startedAt().plus(timeout).plus(collectGrace(timeout));
  }

  /**
   * How long past the run's timeout the operator waits for the Jobs' own deadline (activeDeadlineSeconds) to
   * fail them before it fails the run itself: a quarter of the timeout, between 1 and 30 seconds.
   */
  public static Duration collectGrace(Duration timeout) {
    Duration quarter = timeout.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
        : quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : quarter;
  }

  /** The run's Jobs that the cache holds, in placement order. */
  public List<Job> jobs() {
    return spec().getPlacements().stream().map(p -> seen.jobs().get(Protocol.jobName(name(), p.getName())))
        .filter(Objects::nonNull).toList();
  }

  /** Pod counts in status.pods from the pods the cache holds and the result ConfigMaps {@code maps}. */
  public void countPods(Map<String, ConfigMap> maps) {
    BenchmarkRunStatus.PodCounts c = status.getPods() == null ? new BenchmarkRunStatus.PodCounts() : status.getPods();
    c.setExpected(slots().size());
    c.setReady((int) StartBarrier.readyCount(slots(), maps));
    c.setRunning((int) seen.podsInPhase("Running"));
    c.setSucceeded((int) seen.podsInPhase("Succeeded"));
    c.setFailed((int) seen.podsInPhase("Failed"));
    status.setPods(c);
  }
}
