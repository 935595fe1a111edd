package dev.regatta.operator.reconcile.live;

import dev.regatta.protocol.Protocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One pull round of a run: asks every pod for its intervals after its cursor, at once, each with its own timeout, so a
 * slow or dead runner costs only its own request. At most {@link #MAX_IN_FLIGHT} requests are open at a time over all
 * runs (a 1,000-pod run is pulled in waves), each on one of as many pull threads (started as needed, ended when idle
 * for a minute); the HTTP client's own work runs on a fixed pool of two.
 *
 * <p>Why blocking sends on our own threads rather than {@code sendAsync}: the JDK client completes every
 * {@code sendAsync} on CompletableFuture's default executor, which is a new thread per request where the common
 * pool has one thread (a pod with 2 CPUs or fewer); at 1,000 pods every 5 s that was a third of a core
 * (docs/BENCHMARKS.md, "Following a live 1,000-pod run"). {@code send} completes on the calling thread.
 */
public final class LivePuller implements AutoCloseable {
  static final int MAX_IN_FLIGHT = 64;

  private final ExecutorService httpThreads;
  private final ThreadPoolExecutor pullThreads;
  private final HttpClient http;
  private final Duration timeout;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

  public LivePuller(Duration timeout) {
    this.timeout = timeout;
    this.httpThreads = Executors.newFixedThreadPool(2, daemon("regatta-live-http"));
    this.pullThreads = new ThreadPoolExecutor(MAX_IN_FLIGHT, MAX_IN_FLIGHT, 1, TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(), daemon("regatta-live-pull"));
    this.pullThreads.allowCoreThreadTimeOut(true);
    this.http = HttpClient.newBuilder().executor(httpThreads).connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Pulls every target into {@code run} and returns once each has answered, failed or timed out; then ends the
   * run's round. Blocks the calling thread (a round thread), never the reconcile.
   */
  public void round(LiveRun run, List<LiveTarget> targets) throws InterruptedException {
    List<Future<?>> pulls = new ArrayList<>(targets.size());
    for (LiveTarget t : targets) {
      inFlight.acquire();
      long cursor = run.cursor(t.pod());
      URI uri = t.endpoint().resolve(Protocol.LIVE_PATH + "?after=" + cursor);
      HttpRequest req;
      try {
        req = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        pulls.add(pullThreads.submit(() -> {
          try {
            pull(run, t, cursor, req);
          } finally {
            inFlight.release();
          }
        }));
      } catch (RuntimeException e) {
        run.failed(t.pod(), "unreachable", "pod " + t.pod() + ": live endpoint " + uri + " unusable: " + e.getMessage());
        inFlight.release();
      }
    }
    for (Future<?> f : pulls) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // each pull handles its own failure; nothing to add
      }
    }
    run.roundEnded();
  }

  private void pull(LiveRun run, LiveTarget t, long cursor, HttpRequest req) {
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the puller is closing
      return;
    } catch (IOException | RuntimeException e) {
      take(run, t, cursor, null, e);
      return;
    }
    take(run, t, cursor, resp, null);
  }

  private static void take(LiveRun run, LiveTarget t, long cursor, HttpResponse<byte[]> resp, Throwable err) {
    String pod = t.pod();
    if (err != null) {
      // send() throws the failure itself (a timeout as HttpTimeoutException, with the client's own as its cause)
      Throwable cause = err;
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
    pullThreads.shutdownNow();
    httpThreads.shutdownNow();
  }
}
