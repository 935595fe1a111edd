package dev.regatta.runner.workloads;

import dev.regatta.runner.workload.Workload;
import dev.regatta.runner.workload.WorkloadConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Drives a prepared workload the way the engine does: one thread per connection, a fixed count of operations. */
public final class Drive {
  public record Totals(long ok, long bytes, Map<String, Long> errors) {}

  private Drive() {}

  public static Totals run(Workload w, int connections, int opsPerConnection) throws Exception {
    AtomicLong ok = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Map<String, Long> errors = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        WorkloadConnection conn = w.connect();
        fs.add(pool.submit(() -> {
          try (conn) {
            for (int i = 0; i < opsPerConnection; i++) {
              try {
                bytes.addAndGet(conn.execute());
                ok.incrementAndGet();
              } catch (Exception e) {
                errors.merge(dev.regatta.runner.workload.ErrorTypes.classify(e) + ": " + e.getMessage(), 1L, Long::sum);
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Totals(ok.get(), bytes.get(), errors);
  }
}
