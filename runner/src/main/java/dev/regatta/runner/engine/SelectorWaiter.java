package dev.regatta.runner.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A loop waiting on its selector. {@code Selector.select} counts in milliseconds; a wait shorter than one
 * millisecond (the next arrival is due sooner) parks instead, so sends keep LockSupport.parkNanos's
 * resolution (tens of µs) rather than a millisecond's. Parking does not see a channel become ready: a reply
 * that arrives while parked is read when the park ends, at most that sub-millisecond wait later. Loops that
 * receive callback completions never park (a park does not end on {@link #wakeup()}).
 */
final class SelectorWaiter implements LoopWaiter {
  private static final long MILLI = 1_000_000;
  private final Selector selector;
  private final LoadClock clock;
  private final boolean parkShortWaits;

  SelectorWaiter(LoadClock clock, boolean parkShortWaits) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.clock = clock;
    this.parkShortWaits = parkShortWaits;
  }

  @Override
  public Selector selector() {
    return selector;
  }

  @Override
  public void await(long deadline, Consumer<SelectionKey> ready) throws IOException {
    long wait = deadline - clock.nanoTime();
    if (wait <= 0) {
      selector.selectNow(ready);
    } else if (wait >= MILLI || !parkShortWaits) {
      selector.select(ready, Math.max(1, wait / MILLI));
    } else if (selector.selectNow(ready) == 0) {
      LockSupport.parkNanos(wait);
      selector.selectNow(ready);
    }
  }

  @Override
  public void wakeup() {
    selector.wakeup();
  }

  @Override
  public void pause(long nanos) {
    LockSupport.parkNanos(nanos);
  }

  @Override
  public void close() {
    try {
      selector.close();
    } catch (IOException e) {
      // closing is best effort
    }
  }
}
