package dev.regatta.runner.workloads.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the broker carries for one task: [pipeline token: 8][wave: 4][sequence: 4][generated, nanoTime: 8]
 * [body]. The body is the payload (default mode) or the payload's key (proxy mode). The token keeps two
 * pipelines sharing a Kafka topic apart; nanoTime is comparable because every stage runs in one process.
 */
record TaskMessage(long token, int wave, int seq, long generatedNanos, byte[] message) {
  static final int HEADER = 24;

  static byte[] encode(long token, int wave, int seq, long generatedNanos, byte[] body, int bodyLength) {
    byte[] m = new byte[HEADER + bodyLength];
    ByteBuffer.wrap(m).putLong(token).putInt(wave).putInt(seq).putLong(generatedNanos);
    System.arraycopy(body, 0, m, HEADER, bodyLength);
    return m;
  }

  /** null when the message is not a task (too short). */
  static TaskMessage decode(byte[] m) {
    if (m == null || m.length < HEADER) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(m);
    return new TaskMessage(b.getLong(), b.getInt(), b.getInt(), b.getLong(), m);
  }

  int bodyLength() {
    return message.length - HEADER;
  }

  String bodyAsKey() {
    return new String(message, HEADER, message.length - HEADER, StandardCharsets.UTF_8);
  }
}
