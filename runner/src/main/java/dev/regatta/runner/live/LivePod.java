package dev.regatta.runner.live;

import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.protocol.Protocol;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Pod mode's interval recording at the run's spec.liveInterval (the result document's time series) and, when the
 * pod's environment names its port ({@link Protocol#ENV_LIVE_PORT}, which the operator's Jobs set), the live
 * endpoint serving it. The live view is a convenience beside the result: if the endpoint cannot start (its port
 * taken), the runner says so and measures all the same.
 */
public final class LivePod implements AutoCloseable {
  private final LiveRecording recording;
  private final LiveServer server;

  private LivePod(LiveRecording recording, LiveServer server) {
    this.recording = recording;
    this.server = server;
  }

  public static LivePod start(BenchmarkRunSpec spec, Map<String, String> env, Consumer<String> log) {
    Duration interval = spec.effectiveLiveInterval();
    // the intervals are recorded in any case: they are the time series of the result document
    LiveRecording recording = new LiveRecording(interval, new IntervalLog());
    LiveRecording.install(recording);
    String portText = env.get(Protocol.ENV_LIVE_PORT);
    if (portText == null || portText.isBlank()) {
      return new LivePod(recording, null); // the pod did not ask for a live endpoint (its Job predates it, or a test)
    }
    LiveServer server = null;
    try {
      int port = Integer.parseInt(portText.trim());
      server = LiveServer.start(env.get(Protocol.ENV_LIVE_ADDRESS), port, recording.log(), interval.toMillis());
      log.accept("live intervals every " + dev.regatta.units.Durations.format(interval) + " on port "
          + server.port() + Protocol.LIVE_PATH);
    } catch (Exception e) {
      log.accept("no live endpoint: it did not start (" + e.getMessage() + "); the time series is still recorded");
    }
    return new LivePod(recording, server);
  }

  /** The endpoint's port, or -1 without one. */
  public int port() {
    return server == null ? -1 : server.port();
  }

  @Override
  public void close() {
    if (recording != null) {
      recording.close();
    }
    if (server != null) {
      // the JDK server's stop waits up to a second for its dispatcher: not worth holding the pod's exit for
      Thread t = new Thread(server::close, "regatta-live-stop");
      t.setDaemon(true);
      t.start();
    }
  }
}
