package dev.regatta.validation;

import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.RedisWorkload;

/** A redis scenario: its server URL (without a password, which goes in a Secret) and its request shape. */
final class RedisRules {
  private RedisRules() {}

  static void check(Checks c, String f, RedisWorkload r) {
    c.url(f + ".url", r.getUrl(), "redis", false, ": put the password in a Secret and name it in passwordSecret");
    c.size(f + ".valueSize", r.getValueSize(), 0, Limits.MAX_VALUE_SIZE);
    c.size(f + ".bufferSize", r.getBufferSize(), 1, Limits.MAX_BUFFER_SIZE);
    if (r.getPipeline() != null) {
      c.range(f + ".pipeline", r.getPipeline(), 1, Limits.MAX_PIPELINE);
    }
    if (r.getKeySpace() != null) {
      c.range(f + ".keySpace", r.getKeySpace(), 1, Limits.MAX_KEY_SPACE);
    }
    if (r.getReadPercent() != null) {
      c.range(f + ".readPercent", r.getReadPercent(), 0, 100);
    }
  }
}
