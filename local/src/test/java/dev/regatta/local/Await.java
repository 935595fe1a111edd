package dev.regatta.local;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/** Polls a condition until it holds or a deadline passes; the failure says what was awaited. */
public final class Await {
  private Await() {}

  public static <T> T until(Duration timeout, String what, Supplier<Optional<T>> check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        Optional<T> v = check.get();
        if (v.isPresent()) {
          return v.get();
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return Assertions.fail("timed out after " + timeout.toSeconds() + "s waiting for " + what
        + (last == null ? "" : " (last error: " + last + ")"));
  }
}
