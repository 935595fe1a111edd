package dev.regatta.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where the benchmarks put their markdown (bench/run.sh passes -Dregatta.bench.out), and heap probes. */
final class BenchOut {
  private BenchOut() {}

  static boolean quick() {
    return "1".equals(System.getProperty("regatta.bench.quick"));
  }

  static void append(String markdown) {
    System.out.print(markdown);
    String out = System.getProperty("regatta.bench.out");
    if (out == null || out.isBlank()) {
      return;
    }
    try {
      Files.writeString(Path.of(out), markdown, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Collects garbage and forgets the heap pools' peaks, so {@link #peakHeapBytes} measures what follows. */
  static long settleHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long used = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
        used += p.getUsage().getUsed();
      }
    }
    return used;
  }

  /** Sum of the heap pools' peaks since {@link #settleHeap}: an upper bound of the live heap in between. */
  static long peakHeapBytes() {
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
