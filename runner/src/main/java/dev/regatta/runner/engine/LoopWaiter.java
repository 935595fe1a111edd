package dev.regatta.runner.engine;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * Where an event loop waits for ready channels, callback completions or its next deadline: a selector in
 * production, virtual time in tests ({@code VirtualTime} in the runner's tests), so the loop's scheduling
 * logic runs the same on both.
 */
interface LoopWaiter extends AutoCloseable {
  /** The selector socket connections register with; null where there are none. */
  Selector selector();

  /** Waits until {@code deadline} (on the loop's clock), a ready channel or {@link #wakeup()}. */
  void await(long deadline, Consumer<SelectionKey> ready) throws IOException;

  /** Ends a wait early (from any thread): a callback operation completed. */
  void wakeup();

  /** Pauses the loop for about {@code nanos}: a target that refuses connections is not retried in a spin. */
  void pause(long nanos);

  @Override
  void close();
}
