package dev.regatta.kubesim;

import dev.regatta.kubesim.events.EventRecorder;
import dev.regatta.kubesim.gc.GarbageCollector;
import dev.regatta.kubesim.gc.ResourceKind;
import dev.regatta.kubesim.jobs.JobController;
import dev.regatta.kubesim.kubelet.Kubelet;
import dev.regatta.kubesim.kubelet.PodRuntime;
import dev.regatta.kubesim.nodes.NodePool;
import dev.regatta.kubesim.nodes.Zone;
import dev.regatta.kubesim.scheduler.Scheduler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A small simulated control plane against any Kubernetes API client: the Job controller, the scheduler, the
 * kubelet of every simulated node and the garbage collector, each a component of its own, all on one
 * {@link ControlLoop} and fed by watches of Pods, Jobs and the owner kinds it is given, as a cluster's
 * controllers are. What runs a pod's containers is the {@link PodRuntime} it is given.
 *
 * <p>Local mode plugs in real processes (runner JVMs, redis-server); the operator's tests plug in fake runners.
 */
public final class SimulatedCluster implements AutoCloseable {
  private final KubernetesClient client;
  private final ControlLoop loop;
  private final List<Node> nodes;
  private final JobController jobController;
  private final Scheduler scheduler;
  private final Kubelet kubelet;
  private final GarbageCollector garbageCollector;
  private final List<ResourceKind> ownerKinds;
  private final Duration stopTimeout;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  private SimulatedCluster(Builder b) {
    this.client = b.client;
    this.loop = new ControlLoop("kubesim-" + b.instance);
    this.nodes = b.nodes.nodes();
    this.ownerKinds = List.copyOf(b.owners);
    this.stopTimeout = b.stopTimeout;
    EventRecorder events = new EventRecorder(client, b.instance, b.clock);
    this.jobController = new JobController(client, events, b.clock, loop.timers(Component.JOB_CONTROLLER));
    this.scheduler = new Scheduler(client, nodes, events, b.clock);
    this.kubelet = new Kubelet(client, nodes, Objects.requireNonNull(b.runtime, "a PodRuntime"), events, b.clock,
        task -> loop.submit(Component.KUBELET, task));
    this.garbageCollector = new GarbageCollector(client, ownerKinds);
    b.paused.forEach(loop::pause);
  }

  public static Builder on(KubernetesClient client) {
    return new Builder(client);
  }

  /** What to simulate. */
  public static final class Builder {
    private final KubernetesClient client;
    private NodePool nodes = NodePool.of("node", Zone.DEFAULT, 1);
    private PodRuntime runtime;
    private final List<ResourceKind> owners = new ArrayList<>();
    private String instance = "kubesim";
    private Clock clock = Clock.systemUTC();
    private Duration stopTimeout = Duration.ofSeconds(30);
    private final Set<Component> paused = EnumSet.noneOf(Component.class);

    private Builder(KubernetesClient client) {
      this.client = client;
    }

    public Builder nodes(NodePool pool) {
      this.nodes = pool;
      return this;
    }

    public Builder runtime(PodRuntime runtime) {
      this.runtime = runtime;
      return this;
    }

    /** A kind (beyond Jobs) whose deletion the garbage collector watches: a custom resource that owns things. */
    public Builder ownerKind(ResourceKind kind) {
      owners.add(kind);
      return this;
    }

    /** The reportingInstance of the Events and the name of the control loop's thread. */
    public Builder instance(String name) {
      this.instance = name;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How long closing waits for the pods' containers to stop. */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = timeout;
      return this;
    }

    /** Components that start paused (see {@link SimulatedCluster#pause}). */
    public Builder paused(Component... components) {
      paused.addAll(List.of(components));
      return this;
    }

    /** Creates the nodes and starts watching; returns once the watches have listed what is there. */
    public SimulatedCluster start() {
      SimulatedCluster c = new SimulatedCluster(this);
      try {
        c.startWatching();
      } catch (RuntimeException e) {
        c.close();
        throw e;
      }
      return c;
    }
  }

  private void startWatching() {
    for (Node n : nodes) {
      client.nodes().resource(n).createOr(existing -> existing.update());
    }
    informers.add(client.pods().inAnyNamespace().inform(handler(
        pod -> {
          loop.submit(Component.SCHEDULER, () -> scheduler.podChanged(pod));
          loop.submit(Component.KUBELET, () -> kubelet.podChanged(pod));
          loop.submit(Component.JOB_CONTROLLER, () -> jobController.podChanged(pod));
        },
        pod -> {
          loop.submit(Component.KUBELET, () -> kubelet.podDeleted(pod));
          loop.submit(Component.SCHEDULER, () -> scheduler.podDeleted(pod));
          loop.submit(Component.JOB_CONTROLLER, () -> jobController.podDeleted(pod));
        })));
    informers.add(client.batch().v1().jobs().inAnyNamespace().inform(handler(
        job -> loop.submit(Component.JOB_CONTROLLER, () -> jobController.jobChanged(job)),
        job -> {
          loop.submit(Component.JOB_CONTROLLER, () -> jobController.jobDeleted(job));
          loop.submit(Component.GARBAGE_COLLECTOR, () -> garbageCollector.ownerDeleted(job));
        })));
    for (ResourceKind kind : ownerKinds) {
      informers.add(client.genericKubernetesResources(kind.context()).inAnyNamespace().inform(handler(
          owner -> { },
          owner -> loop.submit(Component.GARBAGE_COLLECTOR, () -> garbageCollector.ownerDeleted(owner)))));
    }
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> upsert, Consumer<T> delete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        upsert.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        upsert.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        delete.accept(obj);
      }
    };
  }

  public List<Node> nodes() {
    return nodes;
  }

  public JobController jobController() {
    return jobController;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public Kubelet kubelet() {
    return kubelet;
  }

  public GarbageCollector garbageCollector() {
    return garbageCollector;
  }

  /**
   * Stops a component as a slow or stopped controller would be: what it is handed meanwhile waits, in order, and
   * runs on {@link #resume}. The others go on.
   */
  public void pause(Component component) {
    loop.pause(component);
  }

  public void resume(Component component) {
    loop.resume(component);
  }

  /** How many events wait for the component to be resumed. */
  public int waiting(Component component) {
    return loop.waiting(component);
  }

  /** Returns once every component has handled what it was handed before this call (paused ones excepted). */
  public void sync() {
    loop.sync();
  }

  /** Stops watching and stops every pod's containers, waiting for them. */
  @Override
  public void close() {
    informers.forEach(i -> {
      try {
        i.close();
      } catch (RuntimeException e) {
        // closing anyway
      }
    });
    loop.close();
    kubelet.close(stopTimeout);
  }
}
