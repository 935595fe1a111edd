package dev.regatta.local.executor;

import dev.regatta.kubesim.events.EventRecorder;
import dev.regatta.kubesim.nodes.NodePool;
import dev.regatta.kubesim.scheduler.NodeMatcher;
import dev.regatta.local.logs.PodLogs;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small, honest stand-in for the parts of a cluster that run a Job: the Job controller (Indexed Jobs,
 * parallelism, backoffLimit, podFailurePolicy on exit codes, activeDeadlineSeconds, Complete/Failed
 * conditions), the scheduler (fake nodes labelled by region and zone; node selectors and required node
 * affinity; a pod that fits nowhere stays Pending, Unschedulable) and the kubelet (each pod as real
 * processes, see {@link PodRuntime}), plus the garbage collector for owner references.
 *
 * <p>All state changes run on one thread, in order; processes run on their own threads.
 */
public final class LocalExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);
  static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
  static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
  static final String CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
  private static final List<String> OWNED_KINDS = List.of("jobs", "pods", "configmaps", "serviceaccounts", "roles",
      "rolebindings", "secrets", "services", "leases");

  private final KubernetesClient client;
  private final ExecutorSettings settings;
  private final EventRecorder events;
  private final PodLogs logs;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "local-executor");
    t.setDaemon(true);
    return t;
  });
  private final List<Node> nodes;
  private final Map<String, Integer> podsPerNode = new HashMap<>();
  private final Map<String, JobState> jobs = new HashMap<>();
  /** namespace/name of a pod → its processes. Concurrent: shutdown reads it from another thread. */
  private final Map<String, PodRuntime> runtimes = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile boolean closed;

  private static final class JobState {
    Job job;
    final Map<Integer, String> active = new LinkedHashMap<>();
    final Set<Integer> succeeded = new TreeSet<>();
    final Map<Integer, Integer> indexFailures = new HashMap<>();
    final Set<Integer> failedIndexes = new TreeSet<>();
    int failed;
    boolean finished;
    Instant start;
    ScheduledFuture<?> deadline;
  }

  public LocalExecutor(KubernetesClient client, ExecutorSettings settings) {
    this.client = client;
    this.settings = settings;
    this.events = new EventRecorder(client);
    this.logs = new PodLogs(settings.logMaxBytes());
    this.nodes = NodePool.of("local", settings.zones(), settings.nodesPerZone())
        .withLabels(Map.of("regatta.dev/local", "true"))
        .describedAs("Regatta local executor is running pods as processes on this machine").nodes();
  }

  /** Every container's output, for the API's pods/log. */
  public PodLogs logs() {
    return logs;
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** Creates the nodes and starts watching Jobs, Pods and owners of garbage. */
  public void start() {
    for (Node n : nodes) {
      client.nodes().resource(n).createOr(existing -> existing.update());
    }
    informers.add(client.batch().v1().jobs().inAnyNamespace().inform(handler(
        job -> onLoop(() -> jobChanged(job)),
        job -> onLoop(() -> jobDeleted(job)))));
    informers.add(client.pods().inAnyNamespace().inform(handler(pod -> { }, pod -> onLoop(() -> podDeleted(pod)))));
    informers.add(client.genericKubernetesResources("regatta.dev/v1alpha1", "BenchmarkRun").inAnyNamespace()
        .inform(handler(r -> { }, r -> onLoop(() -> collectGarbage(r)))));
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

  private void onLoop(Runnable r) {
    if (closed) {
      return;
    }
    loop.execute(() -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.warn("local executor: {}", e.toString(), e);
        }
      }
    });
  }

  // ---------------------------------------------------------------- Job controller

  private void jobChanged(Job job) {
    JobState s = jobs.computeIfAbsent(job.getMetadata().getUid(), uid -> new JobState());
    s.job = job;
    if (isTerminal(job)) {
      s.finished = true;
    }
    reconcile(s);
  }

  private static boolean isTerminal(Job job) {
    return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
        .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
  }

  private void jobDeleted(Job job) {
    JobState s = jobs.remove(job.getMetadata().getUid());
    if (s != null && s.deadline != null) {
      s.deadline.cancel(false);
    }
    collectGarbage(job);
  }

  private void reconcile(JobState s) {
    Job job = s.job;
    if (s.finished || Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      return;
    }
    if (s.start == null) {
      s.start = job.getStatus() != null && job.getStatus().getStartTime() != null
          ? Instant.parse(job.getStatus().getStartTime()) : Instant.now();
      Long ads = job.getSpec().getActiveDeadlineSeconds();
      if (ads != null) {
        long delay = Duration.between(Instant.now(), s.start.plusSeconds(ads)).toMillis();
        String uid = job.getMetadata().getUid();
        s.deadline = loop.schedule(() -> {
          JobState st = jobs.get(uid);
          if (st != null && !st.finished) {
            failJob(st, "DeadlineExceeded", "Job was active longer than specified deadline");
          }
        }, Math.max(0, delay), TimeUnit.MILLISECONDS);
      }
    }
    int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
    int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
    if (s.succeeded.size() >= completions) {
      completeJob(s);
      return;
    }
    if (s.succeeded.size() + s.failedIndexes.size() >= completions && s.active.isEmpty()) {
      failJob(s, "FailedIndexes", "Job has failed indexes");
      return;
    }
    for (int i = 0; i < completions && s.active.size() < parallelism; i++) {
      if (!s.succeeded.contains(i) && !s.failedIndexes.contains(i) && !s.active.containsKey(i)) {
        createPod(s, i);
      }
    }
    updateJobStatus(s, List.of());
  }

  private void createPod(JobState s, int index) {
    Job job = s.job;
    String ns = job.getMetadata().getNamespace();
    String jobName = job.getMetadata().getName();
    String name = jobName + "-" + index + "-" + randomSuffix();
    Pod template = new PodBuilder().withMetadata(job.getSpec().getTemplate().getMetadata())
        .withSpec(job.getSpec().getTemplate().getSpec()).build();
    Pod pod = Serialization.clone(template);
    var meta = pod.getMetadata() == null ? new io.fabric8.kubernetes.api.model.ObjectMeta() : pod.getMetadata();
    meta.setName(name);
    meta.setNamespace(ns);
    Map<String, String> labels = new LinkedHashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
    labels.put(JOB_NAME_LABEL, jobName);
    labels.put("job-name", jobName);
    labels.put(CONTROLLER_UID_LABEL, job.getMetadata().getUid());
    labels.put("controller-uid", job.getMetadata().getUid());
    labels.put(INDEX_ANNOTATION, String.valueOf(index));
    meta.setLabels(labels);
    Map<String, String> annotations = new LinkedHashMap<>(meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
    annotations.put(INDEX_ANNOTATION, String.valueOf(index));
    meta.setAnnotations(annotations);
    meta.setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
        .withName(jobName).withUid(job.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build()));
    pod.setMetadata(meta);
    if ("Indexed".equals(job.getSpec().getCompletionMode()) || job.getSpec().getCompletionMode() == null) {
      List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
      if (pod.getSpec().getInitContainers() != null) {
        all.addAll(pod.getSpec().getInitContainers());
      }
      for (Container c : all) {
        List<EnvVar> env = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
        env.removeIf(e -> "JOB_COMPLETION_INDEX".equals(e.getName()));
        env.add(0, new EnvVar("JOB_COMPLETION_INDEX", String.valueOf(index), null));
        c.setEnv(env);
      }
      if (pod.getSpec().getHostname() == null) {
        pod.getSpec().setHostname(jobName + "-" + index);
      }
    }
    pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Pending").build());
    Pod created = client.pods().inNamespace(ns).resource(pod).create();
    s.active.put(index, name);
    events.record(job, "job-controller", "Normal", "SuccessfulCreate", "Created pod: " + name);
    schedule(created);
  }

  private static String randomSuffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private void completeJob(JobState s) {
    s.finished = true;
    cancelDeadline(s);
    String now = Instant.now().toString();
    updateJobStatus(s, List.of(condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now),
        condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now)));
    events.record(s.job, "job-controller", "Normal", "Completed", "Job completed");
  }

  private void failJob(JobState s, String reason, String message) {
    s.finished = true;
    cancelDeadline(s);
    String now = Instant.now().toString();
    for (String podName : new ArrayList<>(s.active.values())) {
      client.pods().inNamespace(s.job.getMetadata().getNamespace()).withName(podName).delete();
    }
    s.active.clear();
    updateJobStatus(s, List.of(condition("FailureTarget", reason, message, now), condition("Failed", reason, message, now)));
    events.record(s.job, "job-controller", "Warning", reason, message);
  }

  private static void cancelDeadline(JobState s) {
    if (s.deadline != null) {
      s.deadline.cancel(false);
    }
  }

  private static JobCondition condition(String type, String reason, String message, String now) {
    return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
        .withLastProbeTime(now).withLastTransitionTime(now).build();
  }

  private void updateJobStatus(JobState s, List<JobCondition> newConditions) {
    Job job = s.job;
    int ready = 0;
    for (String podName : s.active.values()) {
      PodRuntime rt = runtimes.get(job.getMetadata().getNamespace() + "/" + podName);
      if (rt != null && runningPods.contains(job.getMetadata().getNamespace() + "/" + podName)) {
        ready++;
      }
    }
    int readyPods = ready;
    try {
      client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
          .editStatus(j -> {
            JobStatus st = j.getStatus() == null ? new JobStatus() : j.getStatus();
            st.setStartTime(s.start.toString());
            st.setActive(s.active.size());
            st.setReady(readyPods);
            st.setTerminating(0);
            st.setSucceeded(s.succeeded.size());
            st.setFailed(s.failed);
            st.setCompletedIndexes(compress(s.succeeded));
            if (s.job.getSpec().getBackoffLimitPerIndex() != null) {
              st.setFailedIndexes(compress(s.failedIndexes));
            }
            List<JobCondition> conds = new ArrayList<>(st.getConditions() == null ? List.of() : st.getConditions());
            for (JobCondition c : newConditions) {
              conds.removeIf(o -> Objects.equals(o.getType(), c.getType()));
              conds.add(c);
            }
            st.setConditions(conds);
            if (newConditions.stream().anyMatch(c -> "Complete".equals(c.getType()))) {
              st.setCompletionTime(Instant.now().toString());
            }
            j.setStatus(st);
            return j;
          });
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.debug("job {} status: {}", job.getMetadata().getName(), e.toString());
      }
    }
  }

  /** 0,1,2,5 → "0-2,5", as Indexed Jobs report completedIndexes. */
  static String compress(Set<Integer> indexes) {
    StringBuilder sb = new StringBuilder();
    Integer start = null;
    Integer prev = null;
    for (int i : indexes) {
      if (prev != null && i == prev + 1) {
        prev = i;
        continue;
      }
      if (start != null) {
        append(sb, start, prev);
      }
      start = i;
      prev = i;
    }
    if (start != null) {
      append(sb, start, prev);
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, int start, int end) {
    if (sb.length() > 0) {
      sb.append(',');
    }
    sb.append(start);
    if (end > start) {
      sb.append(end == start + 1 ? "," : "-").append(end);
    }
  }

  // ---------------------------------------------------------------- scheduler

  private void schedule(Pod pod) {
    List<Node> fit = new ArrayList<>();
    int selectorMisses = 0;
    int taintMisses = 0;
    for (Node n : nodes) {
      if (!NodeMatcher.selectorMatches(pod.getSpec(), n)) {
        selectorMisses++;
      } else if (!NodeMatcher.tolerates(pod.getSpec(), n)) {
        taintMisses++;
      } else {
        fit.add(n);
      }
    }
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    if (fit.isEmpty()) {
      List<String> why = new ArrayList<>();
      if (selectorMisses > 0) {
        why.add(selectorMisses + " node(s) didn't match Pod's node affinity/selector");
      }
      if (taintMisses > 0) {
        why.add(taintMisses + " node(s) had untolerated taint");
      }
      String message = "0/" + nodes.size() + " nodes are available: " + String.join(", ", why) + ". preemption: 0/"
          + nodes.size() + " nodes are available: " + nodes.size() + " Preemption is not helpful for scheduling.";
      editPodStatus(ns, name, st -> {
        st.setPhase("Pending");
        setCondition(st, new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
            .withMessage(message).withLastTransitionTime(Instant.now().toString()).build());
      });
      events.record(pod, "default-scheduler", "Warning", "FailedScheduling", message);
      return;
    }
    Node node = fit.stream().min((a, b) -> Integer.compare(podsPerNode.getOrDefault(a.getMetadata().getName(), 0),
        podsPerNode.getOrDefault(b.getMetadata().getName(), 0))).orElseThrow();
    String nodeName = node.getMetadata().getName();
    podsPerNode.merge(nodeName, 1, Integer::sum);
    Pod bound = client.pods().inNamespace(ns).withName(name).edit(p -> {
      p.getSpec().setNodeName(nodeName);
      return p;
    });
    editPodStatus(ns, name, st -> {
      st.setPhase("Pending");
      st.setHostIP("127.0.0.1");
      st.setPodIP("127.0.0.1");
      st.setStartTime(Instant.now().toString());
      setCondition(st, cond("PodScheduled", "True"));
      st.setContainerStatuses(waiting(bound.getSpec().getContainers(), "ContainerCreating"));
    });
    events.record(pod, "default-scheduler", "Normal", "Scheduled",
        "Successfully assigned " + ns + "/" + name + " to " + nodeName);
    startPod(bound);
  }

  // ---------------------------------------------------------------- kubelet

  private final Set<String> runningPods = ConcurrentHashMap.newKeySet();

  private void startPod(Pod pod) {
    String key = key(pod);
    PodRuntime rt = new PodRuntime(pod, client, settings, logs, new PodRuntime.Listener() {
      @Override
      public void running(Pod p, Instant startedAt, Map<String, Integer> sidecarPorts) {
        onLoop(() -> podRunning(p, startedAt));
      }

      @Override
      public void finished(Pod p, PodRuntime.Outcome outcome) {
        onLoop(() -> podFinished(p, outcome));
      }

      @Override
      public void sidecarRestarted(Pod p, PodRuntime.SidecarRestart restart) {
        onLoop(() -> LocalExecutor.this.sidecarRestarted(p, restart));
      }
    });
    runtimes.put(key, rt);
    rt.start();
  }

  private void podRunning(Pod pod, Instant startedAt) {
    String key = key(pod);
    if (!runtimes.containsKey(key)) {
      return;
    }
    runningPods.add(key);
    String at = startedAt.toString();
    editPodStatus(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), st -> {
      st.setPhase("Running");
      setCondition(st, cond("PodReadyToStartContainers", "True"));
      setCondition(st, cond("Initialized", "True"));
      setCondition(st, cond("ContainersReady", "True"));
      setCondition(st, cond("Ready", "True"));
      List<ContainerStatus> cs = new ArrayList<>();
      for (Container c : pod.getSpec().getContainers()) {
        cs.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("")
            .withReady(true).withStarted(true).withRestartCount(0)
            .withNewState().withNewRunning().withStartedAt(at).endRunning().endState().build());
      }
      st.setContainerStatuses(cs);
      List<ContainerStatus> init = new ArrayList<>();
      for (Container c : pod.getSpec().getInitContainers() == null ? List.<Container>of() : pod.getSpec().getInitContainers()) {
        init.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("")
            .withReady(true).withStarted(true).withRestartCount(0)
            .withNewState().withNewRunning().withStartedAt(at).endRunning().endState().build());
      }
      st.setInitContainerStatuses(init);
    });
    events.record(pod, "kubelet", "Normal", "Started", "Started container " + pod.getSpec().getContainers().get(0).getName()
        + " (runner process)");
    JobState s = jobOf(pod);
    if (s != null) {
      updateJobStatus(s, List.of());
    }
  }

  /**
   * A native sidecar's restart, as the kubelet reports it: restartCount, lastState.terminated with the exit code,
   * the new run's state, and Events on the pod.
   */
  private void sidecarRestarted(Pod pod, PodRuntime.SidecarRestart r) {
    if (!runtimes.containsKey(key(pod))) {
      return;
    }
    editPodStatus(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), st -> {
      List<ContainerStatus> init = new ArrayList<>();
      for (ContainerStatus c : st.getInitContainerStatuses() == null ? List.<ContainerStatus>of()
          : st.getInitContainerStatuses()) {
        if (!r.name().equals(c.getName())) {
          init.add(c);
          continue;
        }
        var b = new ContainerStatusBuilder(c).withRestartCount(r.restartCount()).withNewLastState().withNewTerminated()
            .withExitCode(r.exitCode()).withReason(r.startedAt() == null ? "StartError" : "Error")
            .withFinishedAt(r.finishedAt().toString()).endTerminated().endLastState();
        if (r.startedAt() != null) {
          b.withReady(true).withStarted(true).withNewState().withNewRunning().withStartedAt(r.startedAt().toString())
              .endRunning().endState();
        } else {
          b.withReady(false).withStarted(false).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
              .withMessage(r.error()).endWaiting().endState();
        }
        init.add(b.build());
      }
      st.setInitContainerStatuses(init);
    });
    if (r.startedAt() != null) {
      events.record(pod, "kubelet", "Normal", "Started", "Started container " + r.name() + " (restart "
          + r.restartCount() + "; the previous run exited with code " + r.exitCode() + ")");
    } else {
      events.record(pod, "kubelet", "Warning", "BackOff", "Back-off restarting failed container " + r.name() + ": "
          + r.error());
    }
  }

  private void podFinished(Pod pod, PodRuntime.Outcome o) {
    String key = key(pod);
    if (runtimes.remove(key) == null) {
      return; // deleted meanwhile: nothing to report
    }
    runningPods.remove(key);
    podsPerNode.computeIfPresent(pod.getSpec().getNodeName(), (n, c) -> c - 1);
    boolean ok = o.exitCode() == 0;
    String now = o.finishedAt().toString();
    editPodStatus(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), st -> {
      st.setPhase(ok ? "Succeeded" : "Failed");
      setCondition(st, cond("Ready", "False", "PodCompleted"));
      setCondition(st, cond("ContainersReady", "False", "PodCompleted"));
      List<ContainerStatus> cs = new ArrayList<>();
      for (Container c : pod.getSpec().getContainers()) {
        var term = new io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder().withExitCode(o.exitCode())
            .withReason(o.reason()).withFinishedAt(now)
            .withStartedAt(o.startedAt() == null ? null : o.startedAt().toString());
        if (o.message() != null && !o.message().isEmpty()) {
          term.withMessage(o.message());
        }
        cs.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("")
            .withReady(false).withStarted(false).withRestartCount(0)
            .withNewState().withTerminated(term.build()).endState().build());
      }
      st.setContainerStatuses(cs);
      // the kubelet stops native sidecars after the main container; their restart counts stay on record
      List<ContainerStatus> init = new ArrayList<>();
      for (ContainerStatus c : st.getInitContainerStatuses() == null ? List.<ContainerStatus>of()
          : st.getInitContainerStatuses()) {
        init.add(new ContainerStatusBuilder(c).withReady(false).withStarted(false).withNewState().withNewTerminated()
            .withExitCode(0).withReason("Completed").withFinishedAt(now).endTerminated().endState().build());
      }
      st.setInitContainerStatuses(init);
    });
    if (!ok) {
      events.record(pod, "kubelet", "Warning", o.reason(), "Container " + pod.getSpec().getContainers().get(0).getName()
          + " exited with code " + o.exitCode() + (o.message().isEmpty() ? "" : ": " + o.message()));
    }
    JobState s = jobOf(pod);
    if (s == null || s.finished) {
      return;
    }
    int index = index(pod);
    s.active.remove(index);
    if (ok) {
      s.succeeded.add(index);
      reconcile(s);
      return;
    }
    if (o.unfixable()) {
      // a cluster would retry (or leave the pod waiting); here the same error would come back every time
      // (the cause is in the pod's container status, which the operator quotes with the pods it hit)
      failJob(s, "StartError", "Pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
          + " cannot start, and retrying cannot fix it");
      return;
    }
    String action = failureAction(s.job, pod, o.exitCode());
    if ("FailJob".equals(action)) {
      failJob(s, "PodFailurePolicy", "Container " + pod.getSpec().getContainers().get(0).getName() + " for pod "
          + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " failed with exit code " + o.exitCode()
          + " matching FailJob rule at index " + ruleIndex(s.job, pod, o.exitCode()));
      return;
    }
    Integer perIndex = s.job.getSpec().getBackoffLimitPerIndex();
    if (!"Ignore".equals(action)) {
      s.failed++;
      if (perIndex != null && s.indexFailures.merge(index, 1, Integer::sum) > perIndex) {
        s.failedIndexes.add(index);
      }
    }
    int backoffLimit = s.job.getSpec().getBackoffLimit() == null ? (perIndex == null ? 6 : Integer.MAX_VALUE)
        : s.job.getSpec().getBackoffLimit();
    if (s.failed > backoffLimit) {
      failJob(s, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
      return;
    }
    reconcile(s);
  }

  /** The action of the first podFailurePolicy rule the exit code matches, or null. */
  private static String failureAction(Job job, Pod pod, int exitCode) {
    int i = ruleIndex(job, pod, exitCode);
    return i < 0 ? null : job.getSpec().getPodFailurePolicy().getRules().get(i).getAction();
  }

  private static int ruleIndex(Job job, Pod pod, int exitCode) {
    if (job.getSpec().getPodFailurePolicy() == null || job.getSpec().getPodFailurePolicy().getRules() == null) {
      return -1;
    }
    List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();
    for (int i = 0; i < rules.size(); i++) {
      PodFailurePolicyOnExitCodesRequirement req = rules.get(i).getOnExitCodes();
      if (req == null) {
        continue;
      }
      String container = req.getContainerName();
      if (container != null && !container.equals(pod.getSpec().getContainers().get(0).getName())) {
        continue;
      }
      boolean in = req.getValues() != null && req.getValues().contains(exitCode);
      if ("In".equals(req.getOperator()) ? in : !in && exitCode != 0) {
        return i;
      }
    }
    return -1;
  }

  private void podDeleted(Pod pod) {
    String key = key(pod);
    logs.forget(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    PodRuntime rt = runtimes.remove(key);
    runningPods.remove(key);
    if (rt != null) {
      podsPerNode.computeIfPresent(pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName(), (n, c) -> c - 1);
      // killing waits for the processes; do it off the loop
      Thread t = new Thread(rt::kill, "kill-" + pod.getMetadata().getName());
      t.setDaemon(true);
      t.start();
    }
    JobState s = jobOf(pod);
    if (s != null && !s.finished) {
      s.active.values().remove(pod.getMetadata().getName());
      reconcile(s);
    }
  }

  // ---------------------------------------------------------------- garbage collector

  /** Deletes what the deleted object owned (background propagation), as the garbage collector does. */
  private void collectGarbage(HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    String ns = owner.getMetadata().getNamespace();
    if (uid == null || ns == null) {
      return;
    }
    for (String plural : OWNED_KINDS) {
      String apiVersion = switch (plural) {
        case "jobs" -> "batch/v1";
        case "roles", "rolebindings" -> "rbac.authorization.k8s.io/v1";
        case "leases" -> "coordination.k8s.io/v1";
        default -> "v1";
      };
      try {
        var ctx = new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
            .withGroup(apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "")
            .withVersion(apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion)
            .withPlural(plural).withNamespaced(true).build();
        for (GenericKubernetesResource r : client.genericKubernetesResources(ctx).inNamespace(ns).list().getItems()) {
          List<OwnerReference> refs = r.getMetadata().getOwnerReferences();
          if (refs != null && refs.stream().anyMatch(ref -> uid.equals(ref.getUid()))) {
            client.genericKubernetesResources(ctx).inNamespace(ns).withName(r.getMetadata().getName()).delete();
          }
        }
      } catch (RuntimeException e) {
        LOG.debug("garbage collection of {}: {}", plural, e.toString());
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private JobState jobOf(Pod pod) {
    String uid = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(CONTROLLER_UID_LABEL);
    return uid == null ? null : jobs.get(uid);
  }

  private static int index(Pod pod) {
    return Integer.parseInt(pod.getMetadata().getAnnotations().get(INDEX_ANNOTATION));
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private void editPodStatus(String ns, String name, Consumer<PodStatus> change) {
    try {
      client.pods().inNamespace(ns).withName(name).editStatus(p -> {
        PodStatus st = p.getStatus() == null ? new PodStatus() : p.getStatus();
        change.accept(st);
        p.setStatus(st);
        return p;
      });
    } catch (RuntimeException e) {
      LOG.debug("pod {} status: {}", name, e.toString());
    }
  }

  private static void setCondition(PodStatus st, PodCondition c) {
    List<PodCondition> conds = new ArrayList<>(st.getConditions() == null ? List.of() : st.getConditions());
    conds.removeIf(o -> Objects.equals(o.getType(), c.getType()));
    conds.add(c);
    st.setConditions(conds);
  }

  private static PodCondition cond(String type, String status) {
    return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(Instant.now().toString()).build();
  }

  private static PodCondition cond(String type, String status, String reason) {
    return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason)
        .withLastTransitionTime(Instant.now().toString()).build();
  }

  private static List<ContainerStatus> waiting(List<Container> containers, String reason) {
    List<ContainerStatus> out = new ArrayList<>();
    for (Container c : containers) {
      out.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("").withReady(false)
          .withStarted(false).withRestartCount(0).withNewState().withNewWaiting().withReason(reason).endWaiting().endState()
          .build());
    }
    return out;
  }

  /** Processes of every pod still running (for tests and diagnostics). */
  public int runningPodCount() {
    return runtimes.size();
  }

  /** Stops watching and stops every pod's processes; waits for them to exit. */
  @Override
  public void close() {
    closed = true;
    informers.forEach(i -> {
      try {
        i.close();
      } catch (RuntimeException ignored) {
        // closing anyway
      }
    });
    loop.shutdownNow();
    List<Thread> killers = new ArrayList<>();
    for (PodRuntime rt : runtimes.values()) {
      Thread t = new Thread(rt::kill, "kill-pod");
      t.start();
      killers.add(t);
    }
    for (Thread t : killers) {
      try {
        t.join(settings.killGrace().toMillis() + 5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    runtimes.clear();
  }
}
