package dev.regatta.operator.reconcile;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.operator.barrier.StartBarrier;
import dev.regatta.operator.dependents.RunnerAccount;
import dev.regatta.operator.dependents.RunnerRole;
import dev.regatta.operator.dependents.RunnerRoleBinding;
import dev.regatta.operator.dependents.SpecConfigMap;
import dev.regatta.operator.dependents.StartConfigMap;
import dev.regatta.operator.jobs.RunObjects;
import dev.regatta.operator.results.MergedReport;
import dev.regatta.operator.results.ResultCollector;
import dev.regatta.protocol.Protocol;
import dev.regatta.result.ResultDocument;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link RunCluster} through the API server and JOSDK, for one run in one reconcile. */
final class KubernetesRunCluster implements RunCluster {
  /** The order in which the workflow's failures are looked at: the first name taken is the one reported. */
  private static final List<String> DEPENDENTS = List.of(SpecConfigMap.NAME, StartConfigMap.NAME, RunnerAccount.NAME,
      RunnerRole.NAME, RunnerRoleBinding.NAME);

  private final Context<BenchmarkRun> context;
  private final KubernetesClient client;
  private final String namespace;
  private final String run;
  private final ResultCollector collector;

  KubernetesRunCluster(Context<BenchmarkRun> context, BenchmarkRun run, ResultCollector collector) {
    this.context = context;
    this.client = context.getClient();
    this.namespace = run.getMetadata().getNamespace();
    this.run = run.getMetadata().getName();
    this.collector = collector;
  }

  @Override
  public Secret secret(String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  @Override
  public Job job(String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  @Override
  public BenchmarkRun run(String name) {
    return client.resources(BenchmarkRun.class).inNamespace(namespace).withName(name).get();
  }

  @Override
  public List<BenchmarkRun> runsLabelled(Map<String, String> labels) {
    return client.resources(BenchmarkRun.class).inNamespace(namespace).withLabels(labels).list().getItems();
  }

  /** Runs the reconciler's workflow (explicit invocation) with the step's context. */
  @Override
  @SuppressWarnings("rawtypes")
  public void createRunObjects(RunContext runContext) {
    var workflow = context.managedWorkflowAndDependentResourceContext();
    workflow.put(RunContext.class, runContext);
    WorkflowReconcileResult result = workflow.reconcileManagedWorkflow();
    Map<DependentResource, Exception> errors = result.getErroredDependents();
    if (errors.isEmpty()) {
      return;
    }
    List<Exception> inOrder = errors.entrySet().stream()
        .sorted(Comparator.comparingInt(e -> DEPENDENTS.indexOf(e.getKey().name())))
        .map(Map.Entry::getValue).toList();
    // A name taken is the run's failure, whichever object it is; anything else is retried by JOSDK.
    for (Exception e : inOrder) {
      if (e instanceof NameTaken t) {
        throw t;
      }
    }
    Exception first = inOrder.get(0);
    throw first instanceof RuntimeException r ? r
        : new IllegalStateException("creating the run's objects: " + first.getMessage(), first);
  }

  @Override
  public void createAll(String what, List<? extends HasMetadata> objects) {
    BoundedCreates.createAll(client, namespace, what, objects);
  }

  @Override
  public List<Job> labelledJobs() {
    return client.batch().v1().jobs().inNamespace(namespace).withLabel(Protocol.LABEL_RUN, run).list().getItems();
  }

  @Override
  public void deleteJob(String name) {
    client.batch().v1().jobs().inNamespace(namespace).withName(name)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
  }

  @Override
  public void deletePod(String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  @Override
  public void suspendJob(String name) {
    try {
      // a merge patch without a resourceVersion: edit() would lock on the version it read and lose to the Job
      // controller's status writes with a 409, leaving the runners running after an abort
      client.batch().v1().jobs().inNamespace(namespace).withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":true}}");
    } catch (KubernetesClientException e) {
      RunContext.LOG.warn("run={}/{} could not suspend Job {}: {}", namespace, run, name, e.getMessage());
    }
  }

  @Override
  public String publishStart(Duration delay, Instant now) {
    return StartBarrier.publish(client, namespace, run, delay, now);
  }

  @Override
  public Map<String, ConfigMap> resultMaps() {
    Map<String, ConfigMap> maps = new HashMap<>();
    String cont = null;
    do {
      ConfigMapList page = client.configMaps().inNamespace(namespace)
          .withLabel(Protocol.LABEL_RUN, run).withLabel(Protocol.LABEL_COMPONENT, Protocol.COMPONENT_RESULT)
          .list(new ListOptionsBuilder().withLimit(200L).withContinue(cont).build());
      page.getItems().forEach(c -> maps.put(c.getMetadata().getName(), c));
      cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (cont != null && !cont.isEmpty());
    return maps;
  }

  @Override
  public ResultCollector.Collected collect(BenchmarkRunSpec spec, List<RunObjects.Slot> slots,
      Map<String, ConfigMap> maps) {
    return collector.collect(spec, namespace, slots, maps);
  }

  @Override
  public List<String> uploadMergedReport(BenchmarkRun ended, List<ResultDocument> documents) throws Exception {
    return MergedReport.upload(collector.store(), ended, documents);
  }
}
