package dev.regatta.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates a run's objects with a bounded number of create requests in flight, instead of one round trip at a
 * time (a 1,000-pod run has ~1,000 result ConfigMaps).
 *
 * <p>Idempotent and restart-safe: an object that already exists (409) counts as created, so a run whose
 * objects were partly created (a failed reconcile, an operator restart) resumes by calling this again with
 * the same objects, as long as the existing object has the same controller: one that another run or nobody
 * controls is a {@link NameTaken}, thrown as such. After the first other failure no further creates are started
 * (a 403 would otherwise be repeated for every object); the ones in flight finish, and the call throws one
 * exception that says how many failed, how many were not attempted, and the first failure in full.
 *
 * <p>The pool is shared by every run the operator reconciles, so {@link #IN_FLIGHT} bounds the operator's
 * create requests as a whole. Its threads are daemons and exit when idle.
 */
final class BoundedCreates {
  /** Create requests in flight at most, over all runs. */
  static final int IN_FLIGHT = 16;

  private static final ExecutorService POOL = pool();

  private BoundedCreates() {}

  private static ExecutorService pool() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor p = new ThreadPoolExecutor(IN_FLIGHT, IN_FLIGHT, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "regatta-create-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    p.allowCoreThreadTimeOut(true);
    return p;
  }

  /**
   * Creates every object in {@code namespace} (already existing is fine) and returns when all requests are
   * done.
   *
   * @param what what these objects are, for the failure message ("result ConfigMaps")
   * @throws KubernetesClientException if any create failed other than with 409; carries the first failure's
   *     code and is caused by it
   */
  static void createAll(KubernetesClient client, String namespace, String what, List<? extends HasMetadata> objects) {
    if (objects.isEmpty()) {
      return;
    }
    if (objects.size() == 1) { // no hand-off for a single object
      createIfAbsent(client, namespace, objects.get(0));
      return;
    }
    AtomicReference<RuntimeException> first = new AtomicReference<>();
    AtomicReference<NameTaken> taken = new AtomicReference<>();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>(objects.size());
    for (HasMetadata o : objects) {
      futures.add(POOL.submit(() -> {
        if (first.get() != null) {
          skipped.incrementAndGet();
          return;
        }
        try {
          createIfAbsent(client, namespace, o);
        } catch (RuntimeException e) {
          if (e instanceof NameTaken t) {
            taken.compareAndSet(null, t);
          }
          failed.incrementAndGet();
          first.compareAndSet(null, wrap(o.getKind() + " " + namespace + "/" + o.getMetadata().getName() + ": "
              + e.getMessage(), e));
        }
      }));
    }
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while creating " + objects.size() + " " + what, e);
    } catch (ExecutionException e) { // the task catches RuntimeException; an Error is all that is left
      throw new IllegalStateException("creating " + what + ": " + e.getCause(), e.getCause());
    }
    if (taken.get() != null) {
      throw taken.get();
    }
    RuntimeException cause = first.get();
    if (cause != null) {
      int notCreated = failed.get() + skipped.get();
      throw wrap("creating " + objects.size() + " " + what + ": " + failed.get()
          + " failed, " + skipped.get() + " not attempted after the first failure, "
          + (objects.size() - notCreated) + " created or already present (the next reconcile retries the rest); "
          + "first failure: " + cause.getMessage(), cause);
    }
  }

  static void createIfAbsent(KubernetesClient client, String namespace, HasMetadata o) {
    try {
      client.resource(o).inNamespace(namespace).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      NameTaken.confirmOwn(client, namespace, o);
    }
  }

  private static KubernetesClientException wrap(String message, RuntimeException cause) {
    return new CreateFailed(message, cause);
  }

  /** A failed create, with the cause's HTTP code and status, so callers that look at the code still can. */
  static final class CreateFailed extends KubernetesClientException {
    private final int code;
    private final transient Status status;

    CreateFailed(String message, RuntimeException cause) {
      super(message, cause);
      this.code = cause instanceof KubernetesClientException k ? k.getCode() : 0;
      this.status = cause instanceof KubernetesClientException k ? k.getStatus() : null;
    }

    @Override
    public int getCode() {
      return code;
    }

    @Override
    public Status getStatus() {
      return status;
    }
  }
}
