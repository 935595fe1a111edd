package dev.regatta.runner.workloads.stream;

import dev.regatta.runner.record.Recorder;
import dev.regatta.runner.workload.ErrorTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * generator -> broker -> dispatcher -> workers, in this process. The generator is the caller of
 * {@link #runWave}; the dispatcher is the broker's receiving thread, which hands decoded tasks to a queue; the
 * workers fetch the payload (proxy mode), spend taskSleep on it, and record the task's latency from the moment
 * the generator made it to the moment a worker finished it.
 */
final class StreamPipeline implements AutoCloseable {
  /** Most payload bytes the generator keeps in flight (below Redis's 32 MB pub/sub subscriber limit). */
  static final long MAX_BYTES_IN_FLIGHT = 8L * 1024 * 1024;

  private final StreamSettings s;
  private final TaskBroker broker;
  private final PayloadStore store;
  private final long token = new SplittableRandom().nextLong();
  private final byte[] payload;
  private final BlockingQueue<TaskMessage> queue = new LinkedBlockingQueue<>();
  private final List<Thread> workers = new ArrayList<>();
  private final int window;
  private volatile Wave current;
  private volatile boolean running = true;
  private int waves;
  private long lastMakespanNanos = -1;

  StreamPipeline(StreamSettings s, TaskBroker broker, PayloadStore store) {
    this.s = s;
    this.broker = broker;
    this.store = store;
    this.payload = new byte[s.dataSize()];
    new SplittableRandom(s.dataSize()).nextBytes(payload);
    long perTask = TaskMessage.HEADER + (s.proxy() ? 64 : s.dataSize());
    // Enough tasks in flight to keep every worker busy, few enough that the broker never holds more than
    // MAX_BYTES_IN_FLIGHT of them (but always at least one per worker).
    this.window = (int) Math.max(s.workers(), Math.min(s.workers() * 4L, MAX_BYTES_IN_FLIGHT / perTask));
  }

  int window() {
    return window;
  }

  void start() throws Exception {
    for (int i = 0; i < s.workers(); i++) {
      int index = i;
      Thread t = new Thread(() -> work(index), "stream-worker-" + i);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
    broker.subscribe(this::dispatch);
  }

  /** The dispatcher: runs on the broker's thread, keeps only this pipeline's tasks, queues them for workers. */
  private void dispatch(byte[] message) {
    TaskMessage m = TaskMessage.decode(message);
    if (m != null && m.token() == token) {
      queue.add(m);
    }
  }

  private void work(int index) {
    while (running) {
      TaskMessage m;
      try {
        m = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (m != null) {
        process(index, m);
      }
    }
  }

  private void process(int index, TaskMessage m) {
    Wave w = current;
    if (w == null || w.id != m.wave() || !w.claim(m.seq())) {
      // A task of a wave that is over (declared lost): drop it, and its stored payload.
      if (s.proxy()) {
        try {
          store.take(m.bodyAsKey());
        } catch (Exception e) {
          // best effort clean-up
        }
      }
      return;
    }
    String error = null;
    int got = -1;
    try {
      got = s.proxy() ? length(store.take(m.bodyAsKey())) : m.bodyLength();
      if (got != s.dataSize()) {
        error = got < 0 ? "payload_missing" : "payload_size";
      }
      sleepTask();
    } catch (Exception e) {
      error = ErrorTypes.classify(e);
    }
    long finished = System.nanoTime();
    long micros = (finished - m.generatedNanos()) / 1000;
    if (w.measured()) {
      Recorder r = w.workerRecorders[index];
      if (error == null) {
        r.success(micros, s.dataSize());
      } else {
        r.failure(error, micros, 1);
      }
      // what this worker received: the broker message, and the payload from the store in proxy mode
      r.wire(0, m.message().length + (s.proxy() ? Math.max(0, got) : 0));
    }
    w.done(finished);
    w.inFlight.release();
    w.remaining.countDown();
  }

  private static int length(byte[] b) {
    return b == null ? -1 : b.length;
  }

  /** Simulated work: parks for taskSleep (sub-millisecond values too). */
  private void sleepTask() {
    long nanos = s.taskSleep().toNanos();
    if (nanos <= 0) {
      return;
    }
    long end = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /**
   * Generates {@code tasks} tasks and returns when every one is processed or declared lost. Measured waves
   * record into one recorder per worker plus {@code generatorRecorder} (publish failures, lost tasks).
   *
   * @return the wave's length in nanoseconds, first task generated to last task finished
   */
  long runWave(int tasks, Recorder[] workerRecorders, Recorder generatorRecorder) throws Exception {
    Wave w = new Wave(++waves, tasks, workerRecorders, window);
    current = w;
    long deadline = System.nanoTime() + waveTimeoutNanos(tasks);
    long start = System.nanoTime();
    long interval = s.emitIntervalNanos();
    for (int seq = 0; seq < tasks; seq++) {
      if (interval > 0 && seq > 0) {
        // interval pacing: task seq leaves at the first emit + seq x interval, whatever the workers do
        long due = w.firstEmitNanos + seq * interval;
        for (long left; (left = due - System.nanoTime()) > 0; ) {
          LockSupport.parkNanos(left);
        }
      }
      if (!acquire(w, deadline)) {
        break; // the broker lost tasks or stopped: the rest are counted below, not generated
      }
      long generated = System.nanoTime();
      if (seq == 0) {
        w.firstEmitNanos = generated;
      }
      try {
        byte[] message;
        if (s.proxy()) {
          String key = "regatta:stream:" + Long.toHexString(token) + ":" + w.id + ":" + seq;
          store.put(key, payload);
          byte[] k = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          message = TaskMessage.encode(token, w.id, seq, generated, k, k.length);
        } else {
          message = TaskMessage.encode(token, w.id, seq, generated, payload, payload.length);
        }
        broker.publish(message);
        if (w.measured() && generatorRecorder != null) {
          generatorRecorder.wire(message.length + (s.proxy() ? payload.length : 0), 0);
        }
      } catch (Exception e) {
        if (w.claim(seq)) {
          record(generatorRecorder, w, ErrorTypes.classify(e), generated);
          w.inFlight.release();
          w.remaining.countDown();
        }
      }
    }
    awaitOrDeclareLost(w, deadline, generatorRecorder);
    long length = System.nanoTime() - start;
    lastMakespanNanos = w.makespanNanos();
    current = null;
    return length;
  }

  /** The last wave's makespan: first task emitted to last task done (or declared lost); -1 before any. */
  long lastMakespanNanos() {
    return lastMakespanNanos;
  }

  private boolean acquire(Wave w, long deadline) throws InterruptedException {
    while (!w.inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
      if (broker.failure() != null || System.nanoTime() > deadline) {
        return false;
      }
    }
    return true;
  }

  private void awaitOrDeclareLost(Wave w, long deadline, Recorder generatorRecorder) throws InterruptedException {
    while (!w.remaining.await(100, TimeUnit.MILLISECONDS)) {
      if (broker.failure() != null || System.nanoTime() > deadline) {
        break;
      }
    }
    if (w.remaining.getCount() == 0) {
      return;
    }
    String type = broker.failure() != null ? "broker_failed" : "lost";
    w.done(System.nanoTime());
    for (int seq = 0; seq < w.tasks; seq++) {
      if (w.claim(seq)) {
        record(generatorRecorder, w, type, deadline - waveTimeoutNanos(w.tasks));
        w.remaining.countDown();
      }
    }
    // Workers that claimed a task before we gave up finish recording it within one task's time.
    w.remaining.await(s.timeout().toMillis() + s.taskSleep().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void record(Recorder r, Wave w, String type, long sinceNanos) {
    if (w.measured() && r != null) {
      r.failure(type, (System.nanoTime() - sinceNanos) / 1000, 1);
    }
  }

  /** Generous: the time the workers (or the paced generator) need for the tasks, plus the request timeout. */
  private long waveTimeoutNanos(int tasks) {
    long work = Math.max(s.taskSleep().toNanos() * ((tasks + s.workers() - 1) / s.workers()),
        s.emitIntervalNanos() * tasks);
    return 2 * work + Math.max(30_000_000_000L, s.timeout().toNanos() * 3);
  }

  /** Why the broker stopped, or null. */
  Throwable brokerFailure() {
    return broker.failure();
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : workers) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    broker.close();
    if (store != null) {
      store.close();
    }
  }
}
