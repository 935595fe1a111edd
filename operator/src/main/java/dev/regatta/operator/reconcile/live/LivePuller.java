package dev.regatta.operator.reconcile.live;

import dev.regatta.protocol.Protocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * One pull round of a run: asks every pod for its intervals after its cursor, at once and asynchronously, each with
 * its own timeout, so a slow or dead runner costs only its own request. At most {@link #MAX_IN_FLIGHT} requests are
 * open at a time over all runs (a 1,000-pod run is pulled in waves), and the HTTP client runs on a fixed pool.
 */
public final class LivePuller implements AutoCloseable {
  static final int MAX_IN_FLIGHT = 64;

  private final ExecutorService httpThreads;
  private final HttpClient http;
  private final Duration timeout;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

  public LivePuller(Duration timeout) {
    this.timeout = timeout;
    this.httpThreads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "regatta-live-pull");
      t.setDaemon(true);
      return t;
    });
    this.http = HttpClient.newBuilder().executor(httpThreads).connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
  }

  /**
   * Pulls every target into {@code run} and returns once each has answered, failed or timed out; then ends the
   * run's round. Blocks the calling thread (a round thread), never the reconcile.
   */
  public void round(LiveRun run, List<LiveTarget> targets) throws InterruptedException {
    List<CompletableFuture<Void>> pulls = new ArrayList<>(targets.size());
    for (LiveTarget t : targets) {
      inFlight.acquire();
      long cursor = run.cursor(t.pod());
      URI uri = t.endpoint().resolve(Protocol.LIVE_PATH + "?after=" + cursor);
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
      CompletableFuture<Void> f;
      try {
        f = http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
            .handle((resp, err) -> {
              take(run, t, cursor, resp, err);
              return null;
            });
      } catch (RuntimeException e) {
        run.failed(t.pod(), "unreachable", "pod " + t.pod() + ": live endpoint " + uri + " unusable: " + e.getMessage());
        inFlight.release();
        continue;
      }
      pulls.add(f.whenComplete((v, e) -> inFlight.release()));
    }
    try {
      CompletableFuture.allOf(pulls.toArray(CompletableFuture[]::new)).join();
    } catch (RuntimeException e) {
      // each pull handles its own failure; nothing to add
    }
    run.roundEnded();
  }

  private static void take(LiveRun run, LiveTarget t, long cursor, HttpResponse<byte[]> resp, Throwable err) {
    String pod = t.pod();
    if (err != null) {
      Throwable cause = err.getCause() != null ? err.getCause() : err;
      String why = cause instanceof HttpTimeoutException ? "did not answer in time" : "did not answer ("
          + cause.getClass().getSimpleName() + ")";
      run.failed(pod, "silent", "pod " + pod + ": live endpoint " + why + "; live figures leave it out, the final "
          + "results do not");
      return;
    }
    if (resp.statusCode() != 200) {
      run.failed(pod, "garbage", "pod " + pod + ": live endpoint answered HTTP " + resp.statusCode()
          + "; live figures leave it out, the final results do not");
      return;
    }
    try {
      run.answered(pod, LiveAnswerReader.read(resp.body(), cursor));
    } catch (LiveAnswerReader.Unreadable e) {
      run.failed(pod, "garbage", "pod " + pod + ": live answer unreadable (" + e.getMessage()
          + "); live figures leave it out, the final results do not");
    }
  }

  @Override
  public void close() {
    httpThreads.shutdownNow();
  }
}
