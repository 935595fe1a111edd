package dev.regatta.runner.external;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One run of the tool: started at once (the caller starts it at the start instant), waited for until a deadline,
 * then stopped: SIGTERM, and SIGKILL to it and everything it started when it has not exited {@link #KILL_AFTER_MILLIS}
 * later. Its output is drained into bounded captures.
 */
final class ToolProcess {
  static final long KILL_AFTER_MILLIS = 5_000;
  /** What is kept of an output stream the results are not read from: enough for the lines that say why. */
  static final int LOG_LIMIT = 64 * 1024;

  /**
   * How it ended. {@code exitCode} is null when the process could not be started ({@code startError} says why).
   * {@code stopped} is true when it was still running at the deadline.
   */
  record Exit(Integer exitCode, boolean stopped, String startError, BoundedCapture stdout, BoundedCapture stderr,
      Long peakRssBytes) {}

  /** How often the tool's memory is read while it runs: its peak is a high-water mark, so only the last gap is lost. */
  static final long RSS_POLL_MILLIS = 100;

  private ToolProcess() {}

  /**
   * @param stdoutLimit bytes of standard output kept (more when stdout is the results)
   * @param deadlineNanos System.nanoTime() by which it must have exited
   */
  static Exit run(ToolCommand command, Path workDir, int stdoutLimit, long deadlineNanos) throws InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command.argv()).directory(workDir.toFile());
    pb.environment().clear();
    pb.environment().putAll(command.env());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Exit(null, false, e.getMessage(), null, null, null);
    }
    BoundedCapture out = BoundedCapture.start(p.getInputStream(), stdoutLimit, "tool-stdout");
    BoundedCapture err = BoundedCapture.start(p.getErrorStream(), LOG_LIMIT, "tool-stderr");
    boolean stopped = false;
    PeakRss peak = new PeakRss();
    try {
      while (true) {
        peak.sample(p.toHandle());
        long left = deadlineNanos - System.nanoTime();
        if (p.waitFor(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(RSS_POLL_MILLIS))), TimeUnit.NANOSECONDS)) {
          break;
        }
        if (deadlineNanos - System.nanoTime() <= 0) {
          stopped = true;
          stop(p);
          break;
        }
      }
    } catch (InterruptedException e) {
      stop(p);
      throw e;
    }
    out.awaitEnd(KILL_AFTER_MILLIS);
    err.awaitEnd(KILL_AFTER_MILLIS);
    return new Exit(p.isAlive() ? null : p.exitValue(), stopped, null, out, err, peak.bytes);
  }

  /**
   * The tool's peak memory: the largest sum over its process tree of each process's VmHWM seen at a reading (an
   * upper bound of the tree's peak, as each process's peak may come at another moment).
   */
  private static final class PeakRss {
    private Long bytes;

    void sample(ProcessHandle tool) {
      Long sum = dev.regatta.runner.record.ProcResources.peakRss(tool.pid());
      if (sum == null) {
        return;
      }
      for (ProcessHandle d : tool.descendants().toList()) {
        Long b = dev.regatta.runner.record.ProcResources.peakRss(d.pid());
        sum += b == null ? 0 : b;
      }
      bytes = bytes == null ? sum : Math.max(bytes, sum);
    }
  }

  private static void stop(Process p) throws InterruptedException {
    // Its children first known now: once the parent is gone they are reparented and out of reach.
    var children = p.descendants().toList();
    p.destroy();
    if (!p.waitFor(KILL_AFTER_MILLIS, TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor(KILL_AFTER_MILLIS, TimeUnit.MILLISECONDS);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
