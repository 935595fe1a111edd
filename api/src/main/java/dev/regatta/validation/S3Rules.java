package dev.regatta.validation;

import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.S3Workload;

/** An s3 scenario: the bucket and endpoint it talks to and the sizes of what it moves. */
final class S3Rules {
  private S3Rules() {}

  static void check(Checks c, String f, S3Workload s) {
    c.required(f + ".bucket", s.getBucket());
    c.size(f + ".objectSize", s.getObjectSize(), 0, Limits.MAX_OBJECT_SIZE);
    c.size(f + ".bufferSize", s.getBufferSize(), 1, Limits.MAX_BUFFER_SIZE);
    c.size(f + ".rangeSize", s.getRangeSize(), 0, Limits.MAX_OBJECT_SIZE);
    c.endpoint(f, s);
  }
}
