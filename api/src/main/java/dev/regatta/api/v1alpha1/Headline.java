package dev.regatta.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.regatta.units.Sizes;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * The figure a scenario is about: operations per second, or payload megabytes per second (decimal MB, 10^6
 * bytes, as fio, wrk and the AWS tools print them). A read of a large blob in chunks counts chunks as
 * operations, so its ops/s falls while its MB/s rises as the chunks grow: such a scenario is read by MB/s.
 */
public enum Headline {
  @JsonProperty("throughput") THROUGHPUT("throughput"),
  @JsonProperty("bandwidth") BANDWIDTH("bandwidth");

  /** From this object size (or range size) on, an S3 GET or PUT is read by its MB/s. */
  public static final long LARGE_OBJECT = 1L << 20;

  private final String text;

  Headline(String text) {
    this.text = text;
  }

  /** As written in a run: throughput or bandwidth. */
  public String text() {
    return text;
  }

  /**
   * The scenario's own choice, else the workload's: blob reads (redis blobRead), S3 GETs and PUTs of objects or
   * ranges of at least {@link #LARGE_OBJECT}, and any workload that sweeps {@code bufferSize} are about bandwidth;
   * everything else about throughput.
   */
  public static Headline of(Scenario s) {
    if (s == null) {
      return THROUGHPUT;
    }
    if (s.getHeadline() != null) {
      return s.getHeadline();
    }
    if (s.getMatrix() != null && s.getMatrix().containsKey("bufferSize")) {
      return BANDWIDTH;
    }
    if (s.getRedis() != null) {
      return s.getRedis().getOp() == RedisWorkload.Op.BLOB_READ ? BANDWIDTH : THROUGHPUT;
    }
    if (s.getS3() != null && s.getS3().getOp() != S3Workload.Op.LIST) {
      boolean large = atLeast(s.getS3().getRangeSize() != null ? s.getS3().getRangeSize() : s.getS3().getObjectSize());
      if (s.getMatrix() != null) {
        for (String sized : new String[] {"objectSize", "rangeSize"}) {
          MatrixAxis axis = s.getMatrix().get(sized);
          if (axis != null && axis.getValues() != null) {
            large |= axis.getValues().stream().anyMatch(Headline::atLeast);
          }
        }
      }
      return large ? BANDWIDTH : THROUGHPUT;
    }
    return THROUGHPUT;
  }

  private static boolean atLeast(IntOrString size) {
    if (size == null) {
      return false;
    }
    try {
      return Sizes.parse(size, 0) >= LARGE_OBJECT;
    } catch (RuntimeException e) {
      return false; // validation names the field
    }
  }
}
