package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.regatta.local.logs.ContainerLog;
import dev.regatta.local.logs.PodLogs;
import io.fabric8.mockwebserver.http.MockResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * {@code GET /api/v1/namespaces/NS/pods/NAME/log}: the pod's own container log, as the kubelet serves it
 * through the API server: {@code container}, {@code follow} (streams until the container's output ends or
 * the client goes away), {@code previous}, {@code tailLines}, {@code timestamps}, {@code sinceSeconds},
 * {@code sinceTime}, {@code limitBytes}; and the API server's errors for unknown pods and containers.
 */
final class PodLogHandler {
  private static final Optional<ResourceType> PODS = Optional.of(new ResourceType("", "v1", "pods", "pod", "Pod", true,
      List.of("po"), List.of("all"), true));

  private final Function<String, MockResponse> get;
  private volatile PodLogs logs;
  private final ExecutorService streams = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "local-api-pod-log");
    t.setDaemon(true);
    return t;
  });

  PodLogHandler(Function<String, MockResponse> get) {
    this.get = get;
  }

  void setLogs(PodLogs logs) {
    this.logs = logs;
  }

  static boolean isLogRequest(String method, ApiPath p) {
    return "GET".equals(method) && p.isResource() && "".equals(p.group()) && "pods".equals(p.plural())
        && p.name() != null && "log".equals(p.subresource());
  }

  void serve(HttpServerRequest req, ApiPath p) {
    streams.execute(() -> {
      try {
        stream(req, p);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        fail(req.response(), ApiRouter.status(500, "InternalError", String.valueOf(e.getMessage()), p, PODS));
      }
    });
  }

  void close() {
    streams.shutdownNow();
  }

  private record Options(String container, boolean follow, boolean previous, boolean timestamps, Integer tailLines,
      Long limitBytes, String since) {}

  private void stream(HttpServerRequest req, ApiPath p) throws InterruptedException {
    HttpServerResponse res = req.response();
    Options o;
    try {
      o = options(p);
    } catch (IllegalArgumentException e) {
      fail(res, ApiRouter.status(400, "BadRequest", e.getMessage(), p, PODS));
      return;
    }
    MockResponse podResponse = get.apply("/api/v1/namespaces/" + p.namespace() + "/pods/" + p.name());
    JsonNode pod = podResponse.code() == 200 ? ApiRouter.parse(ApiRouter.bodyText(podResponse)) : null;
    if (pod == null) {
      fail(res, ApiRouter.status(404, "NotFound", "pods \"" + p.name() + "\" not found", p, PODS));
      return;
    }
    List<String> containers = names(pod.at("/spec/containers"));
    List<String> init = names(pod.at("/spec/initContainers"));
    String container = o.container();
    if (container == null || container.isEmpty()) {
      if (containers.size() == 1 && init.isEmpty()) {
        container = containers.get(0);
      } else {
        fail(res, ApiRouter.status(400, "BadRequest", "a container name must be specified for pod " + p.name()
            + ", choose one of: " + containers + (init.isEmpty() ? "" : " or one of the init containers: " + init), p, PODS));
        return;
      }
    }
    if (!containers.contains(container) && !init.contains(container)
        && !names(pod.at("/spec/ephemeralContainers")).contains(container)) {
      fail(res, ApiRouter.status(400, "BadRequest", "container " + container + " is not valid for pod " + p.name(), p, PODS));
      return;
    }
    if (pod.at("/spec/nodeName").asText("").isEmpty()) {
      // the API server has no kubelet to ask yet, and answers with nothing
      res.setStatusCode(200).putHeader("Content-Type", "text/plain").end();
      return;
    }
    PodLogs source = logs;
    Optional<ContainerLog> log = source == null ? Optional.empty() : source.find(p.namespace(), p.name(), container,
        o.previous());
    if (log.isEmpty()) {
      String message = o.previous()
          ? "previous terminated container \"" + container + "\" in pod \"" + p.name() + "\" not found"
          : "container \"" + container + "\" in pod \"" + p.name() + "\" is waiting to start: " + waitingReason(pod, container);
      fail(res, ApiRouter.status(400, "BadRequest", message, p, PODS));
      return;
    }
    send(res, log.get(), o);
  }

  private void send(HttpServerResponse res, ContainerLog log, Options o) throws InterruptedException {
    AtomicBoolean gone = new AtomicBoolean();
    Semaphore drained = new Semaphore(0);
    res.closeHandler(v -> {
      gone.set(true);
      drained.release();
    });
    res.drainHandler(v -> drained.release());
    res.setChunked(true).setStatusCode(200).putHeader("Content-Type", "text/plain");
    res.writeHead();
    Output out = new Output(res, o, drained, gone);
    ContainerLog.Cursor cursor = log.cursor();
    if (o.tailLines() != null) {
      Deque<String> last = new ArrayDeque<>();
      for (List<String> chunk = cursor.next(); !chunk.isEmpty(); chunk = cursor.next()) {
        for (String l : chunk) {
          if (o.tailLines() > 0) {
            last.addLast(l);
            if (last.size() > o.tailLines()) {
              last.removeFirst();
            }
          }
        }
      }
      out.lines(new ArrayList<>(last));
    }
    while (!out.done()) {
      List<String> chunk = cursor.next();
      if (!chunk.isEmpty()) {
        out.lines(chunk);
        continue;
      }
      if (!o.follow()) {
        break;
      }
      if (!cursor.await(500) && cursor.next().isEmpty()) {
        break; // the container's output ended and everything was sent
      }
    }
    if (!gone.get() && !res.ended()) {
      res.end();
    }
  }

  /** Writes lines as the options say, with back-pressure; done once the client left or limitBytes is reached. */
  private static final class Output {
    private final HttpServerResponse res;
    private final Options o;
    private final Semaphore drained;
    private final AtomicBoolean gone;
    private long written;

    Output(HttpServerResponse res, Options o, Semaphore drained, AtomicBoolean gone) {
      this.res = res;
      this.o = o;
      this.drained = drained;
      this.gone = gone;
    }

    boolean done() {
      return gone.get() || (o.limitBytes() != null && written >= o.limitBytes());
    }

    void lines(List<String> lines) throws InterruptedException {
      StringBuilder sb = new StringBuilder();
      for (String l : lines) {
        if (o.since() != null && ContainerLog.timestamp(l).compareTo(o.since()) < 0) {
          continue;
        }
        sb.append(o.timestamps() ? l : ContainerLog.text(l)).append('\n');
      }
      if (sb.length() == 0 || done()) {
        return;
      }
      byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
      int n = bytes.length;
      if (o.limitBytes() != null) {
        n = (int) Math.min(n, o.limitBytes() - written);
      }
      written += n;
      res.write(io.vertx.core.buffer.Buffer.buffer(n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n)));
      while (res.writeQueueFull() && !gone.get()) {
        drained.tryAcquire(500, TimeUnit.MILLISECONDS);
      }
    }
  }

  private static Options options(ApiPath p) {
    var q = p.query();
    Integer tail = q.containsKey("tailLines") ? (int) number(q.get("tailLines"), "tailLines", 0) : null;
    Long limit = q.containsKey("limitBytes") ? number(q.get("limitBytes"), "limitBytes", 1) : null;
    if (q.containsKey("sinceSeconds") && q.containsKey("sinceTime")) {
      throw new IllegalArgumentException("at most one of sinceTime or sinceSeconds may be specified");
    }
    String since = null;
    if (q.containsKey("sinceSeconds")) {
      since = ContainerLog.TIMESTAMP.format(Instant.now().minusSeconds(number(q.get("sinceSeconds"), "sinceSeconds", 1)));
    } else if (q.containsKey("sinceTime")) {
      try {
        since = ContainerLog.TIMESTAMP.format(Instant.parse(q.get("sinceTime")));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("sinceTime: Invalid value: \"" + q.get("sinceTime") + "\": not an RFC 3339 time");
      }
    }
    return new Options(q.get("container"), flag(q.get("follow")), flag(q.get("previous")), flag(q.get("timestamps")),
        tail, limit, since);
  }

  private static boolean flag(String v) {
    return "true".equalsIgnoreCase(v) || "1".equals(v);
  }

  private static long number(String v, String name, long min) {
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": Invalid value: \"" + v + "\": not an integer");
    }
    if (n < min) {
      throw new IllegalArgumentException(name + ": Invalid value: " + n + ": must be greater than or equal to " + min);
    }
    return n;
  }

  private static String waitingReason(JsonNode pod, String container) {
    for (String list : List.of("/status/containerStatuses", "/status/initContainerStatuses")) {
      for (JsonNode s : pod.at(list)) {
        if (container.equals(s.path("name").asText()) && s.at("/state/waiting/reason").isTextual()) {
          return s.at("/state/waiting/reason").asText();
        }
      }
    }
    return "ContainerCreating";
  }

  private static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(c -> out.add(c.path("name").asText()));
    return out;
  }

  private static void fail(HttpServerResponse res, MockResponse status) {
    if (!res.headWritten()) {
      res.setStatusCode(status.code()).putHeader("Content-Type", "application/json").end(ApiRouter.bodyText(status));
    }
  }
}
