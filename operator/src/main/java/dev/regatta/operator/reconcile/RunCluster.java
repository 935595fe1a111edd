package dev.regatta.operator.reconcile;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.results.ResultCollector;
import dev.regatta.result.ResultDocument;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a step asks of the cluster for its run, beyond what the caches show: reads that must be fresh,
 * creates, deletes, the start instant, the results. In the run's namespace. {@link KubernetesRunCluster} does it
 * through the API and JOSDK; a step's unit test answers it by hand and records what was asked.
 */
public interface RunCluster {
  /** A Secret the run names, as the API has it now, or null (the pod policy checks what a run may use). */
  Secret secret(String name);

  /** A Job as the API has it now, or null: absence in a cache proves little. */
  Job job(String name);

  /** A BenchmarkRun as the API has it now, or null (whether the owner of a colliding object still exists). */
  BenchmarkRun run(String name);

  /** The BenchmarkRuns of the run's namespace carrying every one of these labels, as the API has them now. */
  List<BenchmarkRun> runsLabelled(Map<String, String> labels);

  /**
   * Creates the run's own objects that JOSDK's dependent resources describe (the spec and start ConfigMaps; the
   * runners' ServiceAccount, Role and RoleBinding unless the run names its own account), each only if absent.
   *
   * @throws NameTaken if one exists that is not this run's
   */
  void createRunObjects(RunContext run);

  /**
   * Creates every object, several requests in flight; one of this run's that exists already is fine.
   *
   * @param what what these are, for a failure's message ("result ConfigMaps")
   * @throws NameTaken if one exists that is not this run's
   */
  void createAll(String what, List<? extends HasMetadata> objects);

  /** Jobs carrying the run's label, as the API has them now (its own and any other's). */
  List<Job> labelledJobs();

  /** Deletes a Job and, through the garbage collector, its pods (propagation Background). */
  void deleteJob(String name);

  void deletePod(String name);

  /** Suspends a Job: its remaining pods stop, the Job stays for inspection. */
  void suspendJob(String name);

  /** Publishes now + delay in the start ConfigMap unless an instant is there already; the instant in force. */
  String publishStart(Duration delay, Instant now);

  /** The run's result ConfigMaps as the API has them now (a Job's Complete event may overtake their last write). */
  Map<String, ConfigMap> resultMaps();

  /** Reads every slot's result document (from its ConfigMap, or S3). */
  ResultCollector.Collected collect(BenchmarkRunSpec spec, List<RunObjects.Slot> slots, Map<String, ConfigMap> maps);

  /** Writes the merged report next to the per-pod results in S3; the keys written. */
  List<String> uploadMergedReport(BenchmarkRun ended, List<ResultDocument> documents) throws Exception;
}
