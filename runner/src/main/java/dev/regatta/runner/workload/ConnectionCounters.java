package dev.regatta.runner.workload;

import dev.regatta.runner.record.Recorder;

/**
 * What one connection counted since the engine last asked: bytes it sent and received, and its response checks'
 * passes and fails. The connection adds as it goes; after each operation the engine calls
 * {@link WorkloadConnection#drainStats} (or the event-loop equivalent), which hands these to the window's
 * recorder when the operation was measured and forgets them when it was warm-up. Used by one thread; nothing is
 * allocated per operation.
 */
public final class ConnectionCounters {
  private long sent;
  private long received;
  private final String[] checkNames;
  private final long[] passes;
  private final long[] fails;

  public ConnectionCounters() {
    this(null);
  }

  /** @param checkNames the response checks this connection evaluates, in declared order (null: none) */
  public ConnectionCounters(String[] checkNames) {
    this.checkNames = checkNames == null || checkNames.length == 0 ? null : checkNames;
    this.passes = this.checkNames == null ? null : new long[this.checkNames.length];
    this.fails = this.checkNames == null ? null : new long[this.checkNames.length];
  }

  public void sent(long bytes) {
    sent += bytes;
  }

  public void received(long bytes) {
    received += bytes;
  }

  /** Check {@code index} (of the names given) passed or failed on one response. */
  public void check(int index, boolean passed) {
    if (passed) {
      passes[index]++;
    } else {
      fails[index]++;
    }
  }

  /** Adds everything counted since the last call into {@code to} (null: forgets it), and starts again from zero. */
  public void drainInto(Recorder to) {
    if (to != null) {
      to.wire(sent, received);
      if (checkNames != null) {
        to.checks(checkNames, passes, fails);
      }
    }
    sent = 0;
    received = 0;
    if (checkNames != null) {
      java.util.Arrays.fill(passes, 0);
      java.util.Arrays.fill(fails, 0);
    }
  }
}
