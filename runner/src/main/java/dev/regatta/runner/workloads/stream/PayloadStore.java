package dev.regatta.runner.workloads.stream;

/** Proxy mode's side channel: the generator puts a payload under a key, one worker takes it (and removes it). */
interface PayloadStore extends AutoCloseable {
  void put(String key, byte[] payload) throws Exception;

  /** The payload, removed from the store; null when the key is not there. */
  byte[] take(String key) throws Exception;

  @Override
  void close();
}
