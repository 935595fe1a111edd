package dev.regatta.runner.pod;

import dev.regatta.protocol.Protocol;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Waits for the operator's start instant in {@code R-start} (get + watch on that one name). */
final class StartSignal {
  /** A watch is re-opened after this long (and the ConfigMap read again), so a lost watch cannot hang us. */
  private static final Duration REWATCH = Duration.ofSeconds(30);

  private StartSignal() {}

  static Instant await(KubernetesClient client, String namespace, String name, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    var resource = client.configMaps().inNamespace(namespace).withName(name);
    while (true) {
      Instant at = startAt(resource.get());
      if (at != null) {
        return at;
      }
      CompletableFuture<Instant> seen = new CompletableFuture<>();
      Watch w = resource.watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, ConfigMap cm) {
          Instant t = startAt(cm);
          if (t != null) {
            seen.complete(t);
          }
        }

        @Override
        public void onClose(WatcherException cause) {
          seen.complete(null); // read again and re-watch
        }
      });
      try {
        // Read once more after the watch is open: an update between the get and the watch is not lost.
        at = startAt(resource.get());
        if (at != null) {
          return at;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("no start instant in ConfigMap " + namespace + "/" + name + " within " + timeout);
        }
        try {
          at = seen.get(Math.min(left, REWATCH.toNanos()), TimeUnit.NANOSECONDS);
          if (at != null) {
            return at;
          }
        } catch (TimeoutException e) {
          // re-read and re-watch
        }
      } finally {
        // Closing a watch can take a while; the start instant must not wait for it.
        Thread closer = new Thread(w::close, "regatta-watch-close");
        closer.setDaemon(true);
        closer.start();
      }
    }
  }

  static Instant startAt(ConfigMap cm) {
    if (cm == null || cm.getData() == null) {
      return null;
    }
    String v = cm.getData().get(Protocol.START_AT_KEY);
    return v == null || v.isBlank() ? null : Rfc3339.parse(v);
  }
}
