package dev.regatta.operator.reconcile.steps;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.operator.barrier.StartBarrier;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.reconcile.RunCluster;
import dev.regatta.operator.reconcile.RunContext;
import dev.regatta.operator.results.ResultCollector;
import dev.regatta.result.ResultDocument;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as a step's unit test answers it: what the API holds is set by the test, and every action a step
 * asks for is recorded ({@link #actions}, {@link #created}), nothing is sent anywhere.
 */
final class RecordingCluster implements RunCluster {
  /** What the API holds beyond the caches, by name. */
  final Map<String, Job> apiJobs = new HashMap<>();
  final Map<String, BenchmarkRun> apiRuns = new HashMap<>();
  final Map<String, Secret> secrets = new HashMap<>();
  /** Result ConfigMaps as a fresh list from the API returns them. */
  final Map<String, ConfigMap> apiResultMaps = new HashMap<>();
  /** The Jobs a label-selected list returns. */
  final List<Job> labelledJobs = new ArrayList<>();
  /** Thrown by the next createRunObjects / createAll("Jobs"), when set. */
  RuntimeException failRunObjects;
  RuntimeException failJobs;
  /** What S3 answers an upload with: the keys written, or this failure. */
  Exception uploadFailure;
  /** The start instant in the start ConfigMap, once published. */
  String startAt;

  /** Every action, in order: "runObjects", "create result ConfigMaps 5", "delete Job x", "suspend Job x", ... */
  final List<String> actions = new ArrayList<>();
  final List<HasMetadata> created = new ArrayList<>();
  final List<String> secretsRead = new ArrayList<>();
  private final ResultCollector collector = new ResultCollector(new ResultCollector.ObjectStore() {
    @Override
    public String read(BenchmarkRunSpec spec, String namespace, String location) {
      throw new IllegalStateException("no S3 in a step's unit test: " + location);
    }

    @Override
    public String write(BenchmarkRunSpec spec, String namespace, String key, String body, String contentType) {
      throw new IllegalStateException("no S3 in a step's unit test: " + key);
    }
  });

  @Override
  public Secret secret(String name) {
    secretsRead.add(name);
    return secrets.get(name);
  }

  @Override
  public Job job(String name) {
    return apiJobs.get(name);
  }

  @Override
  public BenchmarkRun run(String name) {
    return apiRuns.get(name);
  }

  /** What a label-selected list of runs returns: the runs of apiRuns carrying every label. */
  @Override
  public List<BenchmarkRun> runsLabelled(Map<String, String> labels) {
    actions.add("list runs " + labels);
    return apiRuns.values().stream().filter(r -> r.getMetadata().getLabels() != null
        && r.getMetadata().getLabels().entrySet().containsAll(labels.entrySet())).toList();
  }

  @Override
  public void createRunObjects(RunContext run) {
    actions.add("runObjects");
    if (failRunObjects != null) {
      throw failRunObjects;
    }
  }

  @Override
  public void createAll(String what, List<? extends HasMetadata> objects) {
    actions.add("create " + what + " " + objects.size());
    if (what.equals("Jobs") && failJobs != null) {
      throw failJobs;
    }
    created.addAll(objects);
  }

  @Override
  public List<Job> labelledJobs() {
    return labelledJobs;
  }

  @Override
  public void deleteJob(String name) {
    actions.add("delete Job " + name);
  }

  @Override
  public void deletePod(String name) {
    actions.add("delete Pod " + name);
  }

  @Override
  public void suspendJob(String name) {
    actions.add("suspend Job " + name);
  }

  @Override
  public String publishStart(Duration delay, Instant now) {
    actions.add("publish start");
    if (startAt == null) {
      startAt = StartBarrier.RFC3339_MILLIS.format(now.plus(delay));
    }
    return startAt;
  }

  @Override
  public Map<String, ConfigMap> resultMaps() {
    actions.add("list result ConfigMaps");
    return apiResultMaps;
  }

  @Override
  public ResultCollector.Collected collect(BenchmarkRunSpec spec, List<RunObjects.Slot> slots,
      Map<String, ConfigMap> maps) {
    return collector.collect(spec, StepFixture.NS, slots, maps);
  }

  @Override
  public List<String> uploadMergedReport(BenchmarkRun ended, List<ResultDocument> documents) throws Exception {
    actions.add("upload merged report");
    if (uploadFailure != null) {
      throw uploadFailure;
    }
    return List.of("s3://results/merged.json", "s3://results/merged.csv");
  }

  /** The actions whose text starts with {@code prefix}. */
  List<String> actions(String prefix) {
    return actions.stream().filter(a -> a.startsWith(prefix)).toList();
  }
}
