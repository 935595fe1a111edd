package dev.regatta.operator.reconcile;

import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.operator.events.EventRecorder;
import dev.regatta.operator.metrics.OperatorMetrics;
import dev.regatta.operator.policy.PodPolicy;
import dev.regatta.operator.results.ResultCollector;
import dev.regatta.operator.results.S3ObjectStore;
import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles BenchmarkRuns. Event-driven: Jobs, pods and ConfigMaps labelled regatta.dev/run=NAME wake the
 * run they belong to; timeouts are bounded reschedules. All logic is in {@link RunLifecycle}.
 */
public class BenchmarkRunReconciler implements Reconciler<BenchmarkRun> {
  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkRunReconciler.class);

  private final OperatorMetrics metrics;
  private final Clock clock;
  private volatile ResultCollector collector;
  private volatile EventRecorder events;

  private final boolean ssa;
  private final UnaryOperator<String> endpoints;
  private final StatusThrottle throttle;
  private final PodPolicy podPolicy;

  /** @param endpoints maps an endpoint a run names to the one this operator reaches (see OperatorConfig) */
  public BenchmarkRunReconciler(OperatorMetrics metrics, Clock clock, boolean ssa, UnaryOperator<String> endpoints) {
    this(metrics, clock, ssa, StatusThrottle.DEFAULT_INTERVAL, endpoints);
  }

  /** @param podPolicy what run authors may ask of their pods (see OperatorConfig) */
  public BenchmarkRunReconciler(OperatorMetrics metrics, Clock clock, boolean ssa, UnaryOperator<String> endpoints,
      PodPolicy podPolicy) {
    this(metrics, clock, ssa, StatusThrottle.DEFAULT_INTERVAL, endpoints, podPolicy);
  }

  /** @param podCountInterval the least time between two status writes that only change pod counts */
  public BenchmarkRunReconciler(OperatorMetrics metrics, Clock clock, boolean ssa, java.time.Duration podCountInterval,
      UnaryOperator<String> endpoints) {
    this(metrics, clock, ssa, podCountInterval, endpoints, null);
  }

  public BenchmarkRunReconciler(OperatorMetrics metrics, Clock clock, boolean ssa, java.time.Duration podCountInterval,
      UnaryOperator<String> endpoints, PodPolicy podPolicy) {
    this.podPolicy = podPolicy == null ? PodPolicy.restricted() : podPolicy;
    this.metrics = metrics;
    this.clock = clock;
    this.ssa = ssa;
    this.throttle = new StatusThrottle(podCountInterval);
    this.endpoints = endpoints;
  }

  @Override
  public List<EventSource<?, BenchmarkRun>> prepareEventSources(EventSourceContext<BenchmarkRun> context) {
    InformerEventSource<Pod, BenchmarkRun> pods = informer(Pod.class, context);
    metrics.observe(() -> context.getPrimaryCache().list(), () -> pods.list(p -> true).count());
    return List.of(informer(Job.class, context), pods, informer(ConfigMap.class, context));
  }

  /** Only objects carrying the run label are watched (and cached): a small cache even in a busy cluster. */
  private static <R extends HasMetadata> InformerEventSource<R, BenchmarkRun> informer(Class<R> type,
      EventSourceContext<BenchmarkRun> context) {
    SecondaryToPrimaryMapper<R> byRunLabel = r -> {
      String run = r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(Protocol.LABEL_RUN);
      return run == null ? Set.of() : Set.of(new ResourceID(run, r.getMetadata().getNamespace()));
    };
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, BenchmarkRun.class)
        .withName(type.getSimpleName().toLowerCase())
        .withLabelSelector(Protocol.LABEL_RUN)
        .withSecondaryToPrimaryMapper(byRunLabel)
        .withNamespacesInheritedFromController()
        .build(), context);
  }

  @Override
  public UpdateControl<BenchmarkRun> reconcile(BenchmarkRun run, Context<BenchmarkRun> context) {
    Timer.Sample sample = Timer.start(metrics.registry());
    try {
      // The cached run may predate this operator's last status write (its own writes do not wake it, and
      // the informer may lag): act on the run as the API has it now, so no step is taken twice.
      // A finished run is final, so its cached copy is as good as a fresh one.
      boolean finished = run.getStatus() != null && run.getStatus().getPhase() != null
          && run.getStatus().getPhase().isFinished();
      BenchmarkRun fresh = finished ? run : context.getClient().resources(BenchmarkRun.class)
          .inNamespace(run.getMetadata().getNamespace()).withName(run.getMetadata().getName()).get();
      if (fresh == null) {
        throttle.forget(run.getMetadata().getNamespace() + "/" + run.getMetadata().getName());
        return UpdateControl.noUpdate();
      }
      return new RunLifecycle(fresh, context, events(context), collector(context), metrics, clock.instant(), ssa,
          throttle, podPolicy)
          .reconcile();
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

  private EventRecorder events(Context<BenchmarkRun> context) {
    if (events == null) {
      events = new EventRecorder(context.getClient());
    }
    return events;
  }

  private ResultCollector collector(Context<BenchmarkRun> context) {
    if (collector == null) {
      collector = new ResultCollector(new S3ObjectStore(context.getClient(), endpoints));
    }
    return collector;
  }
}
