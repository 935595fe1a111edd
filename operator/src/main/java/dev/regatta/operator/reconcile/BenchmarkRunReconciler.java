package dev.regatta.operator.reconcile;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.operator.dependents.RunnerAccount;
import dev.regatta.operator.dependents.RunnerRole;
import dev.regatta.operator.dependents.RunnerRoleBinding;
import dev.regatta.operator.dependents.SpecConfigMap;
import dev.regatta.operator.dependents.StartConfigMap;
import dev.regatta.operator.dependents.UsesRunAccount;
import dev.regatta.operator.events.EventRecorder;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.reconcile.abort.LiveWake;
import dev.regatta.operator.reconcile.status.CachedStatusUpdate;
import dev.regatta.operator.reconcile.status.StatusRecorder;
import dev.regatta.operator.reconcile.status.StatusThrottle;
import dev.regatta.operator.results.ResultCollector;
import dev.regatta.operator.results.S3ObjectStore;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles BenchmarkRuns. Event-driven: Jobs, pods and ConfigMaps labelled regatta.dev/run=NAME wake the run
 * they belong to; timeouts are bounded reschedules. Each reconcile builds a {@link RunContext} from the caches,
 * takes the step of the run's phase ({@link PhaseSteps}: one class per phase in {@code steps/}) and hands the
 * result to the {@link StatusRecorder}, which writes status through JOSDK's cache and then records the Events.
 *
 * <p>The run's own objects that the library can create (the spec and start ConfigMaps, the runners' account, Role
 * and RoleBinding) are JOSDK dependent resources in this workflow, which the create step invokes (explicit
 * invocation; it reports a name taken rather than throwing, so the step can fail the run with NameCollision).
 * The per-pod result ConfigMaps and the Jobs are created in bulk by {@link BoundedCreates}.
 */
@Workflow(explicitInvocation = true, handleExceptionsInReconciler = true, dependents = {
    @Dependent(name = SpecConfigMap.NAME, type = SpecConfigMap.class,
        useEventSourceWithName = BenchmarkRunReconciler.CONFIGMAPS),
    @Dependent(name = StartConfigMap.NAME, type = StartConfigMap.class,
        useEventSourceWithName = BenchmarkRunReconciler.CONFIGMAPS),
    @Dependent(name = RunnerAccount.NAME, type = RunnerAccount.class, reconcilePrecondition = UsesRunAccount.class),
    // The Role after the account and the binding after the Role: an account, Role or binding of that name that is
    // not this run's is found before the next one could tie the run's pods to it.
    @Dependent(name = RunnerRole.NAME, type = RunnerRole.class, dependsOn = RunnerAccount.NAME,
        reconcilePrecondition = UsesRunAccount.class),
    @Dependent(name = RunnerRoleBinding.NAME, type = RunnerRoleBinding.class, dependsOn = RunnerRole.NAME,
        reconcilePrecondition = UsesRunAccount.class),
})
public class BenchmarkRunReconciler implements Reconciler<BenchmarkRun> {
  /** The name of the ConfigMap informer, which the spec and start ConfigMap dependents share. */
  static final String CONFIGMAPS = "configmap";
  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkRunReconciler.class);

  private final OperatorMetrics metrics;
  private final Clock clock;
  private final PhaseSteps steps;
  private final StatusRecorder recorder;
  private final ResultCollector collector;
  private final LiveWake wake = new LiveWake();

  /**
   * @param client the operator's client (the one JOSDK is given)
   * @param endpoints maps an endpoint a run names to the one this operator reaches (see OperatorConfig)
   * @param podPolicy what run authors may ask of their pods (see OperatorConfig); null: restricted
   */
  public BenchmarkRunReconciler(KubernetesClient client, OperatorMetrics metrics, Clock clock,
      UnaryOperator<String> endpoints, PodPolicy podPolicy) {
    this(client, metrics, clock, StatusThrottle.DEFAULT_INTERVAL, endpoints, podPolicy);
  }

  /** @param podCountInterval the least time between two status writes that only change pod counts */
  public BenchmarkRunReconciler(KubernetesClient client, OperatorMetrics metrics, Clock clock,
      Duration podCountInterval, UnaryOperator<String> endpoints, PodPolicy podPolicy) {
    this(client, metrics, clock, podCountInterval, endpoints, podPolicy, null);
  }

  /** @param live pulls Running runs' live intervals for status.progress (the caller closes it); null for none */
  public BenchmarkRunReconciler(KubernetesClient client, OperatorMetrics metrics, Clock clock,
      Duration podCountInterval, UnaryOperator<String> endpoints, PodPolicy podPolicy,
      dev.regatta.operator.reconcile.live.LiveFleet live) {
    this.metrics = metrics;
    this.clock = clock;
    this.steps = new PhaseSteps(podPolicy == null ? PodPolicy.restricted() : podPolicy, metrics, live, wake);
    this.recorder = new StatusRecorder(new StatusThrottle(podCountInterval), new EventRecorder(client));
    this.collector = new ResultCollector(new S3ObjectStore(client, endpoints));
  }

  @Override
  public List<EventSource<?, BenchmarkRun>> prepareEventSources(EventSourceContext<BenchmarkRun> context) {
    InformerEventSource<Pod, BenchmarkRun> pods = informer(Pod.class, "pod", context);
    metrics.observe(() -> context.getPrimaryCache().list(), () -> pods.list(p -> true).count());
    // a live round that saw a breach of an abortOnFail criterion wakes its run through this source
    SimpleInboundEventSource<BenchmarkRun> breaches = wake.attach(new SimpleInboundEventSource<>("live-breach"));
    return List.of(informer(Job.class, "job", context), pods, informer(ConfigMap.class, CONFIGMAPS, context),
        breaches);
  }

  /** Only objects carrying the run label are watched (and cached): a small cache even in a busy cluster. */
  private static <R extends HasMetadata> InformerEventSource<R, BenchmarkRun> informer(Class<R> type, String name,
      EventSourceContext<BenchmarkRun> context) {
    SecondaryToPrimaryMapper<R> byRunLabel = r -> {
      String run = r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(Protocol.LABEL_RUN);
      return run == null ? Set.of() : Set.of(new ResourceID(run, r.getMetadata().getNamespace()));
    };
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, BenchmarkRun.class)
        .withName(name)
        .withLabelSelector(Protocol.LABEL_RUN)
        .withSecondaryToPrimaryMapper(byRunLabel)
        .withNamespacesInheritedFromController()
        .build(), context);
  }

  @Override
  public UpdateControl<BenchmarkRun> reconcile(BenchmarkRun run, Context<BenchmarkRun> context) {
    Timer.Sample sample = Timer.start(metrics.registry());
    try {
      // The run as the cache has it: JOSDK's cache holds this operator's own last status write (CachedStatusUpdate)
      // until the informer catches up, so no step is taken twice on an old status.
      RunContext ctx = new RunContext(run, Observed.of(context, run.getMetadata().getUid()), clock.instant(),
          new KubernetesRunCluster(context, run, collector));
      StepResult result = steps.step(ctx);
      UpdateControl<BenchmarkRun> control = UpdateControl.noUpdate();
      recorder.record(ctx, result, new CachedStatusUpdate(context)).ifPresent(control::rescheduleAfter);
      return control;
    } finally {
      sample.stop(metrics.reconcileTimer());
    }
  }

  @Override
  public ErrorStatusUpdateControl<BenchmarkRun> updateErrorStatus(BenchmarkRun run, Context<BenchmarkRun> context,
      Exception e) {
    // Transient API errors are retried with JOSDK's bounded backoff; the run's status is left as it was.
    LOG.warn("run={}/{} reconcile failed (will retry): {}", run.getMetadata().getNamespace(),
        run.getMetadata().getName(), e.toString());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

}
