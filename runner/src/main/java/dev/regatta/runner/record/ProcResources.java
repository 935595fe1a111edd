package dev.regatta.runner.record;

import dev.regatta.result.ResourceUse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The runner process's resource use from /proc: CPU time (with its waited-for children's), peak RSS (VmHWM) and network bytes on every
 * interface but lo. Inside a pod /proc/net/dev is the pod's network namespace, so this is the pod's
 * traffic. Readings are best effort: on a system without /proc the fields stay null.
 */
public final class ProcResources {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path STAT = Path.of("/proc/self/stat");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
  private static final Path NET_DEV = Path.of("/proc/net/dev");

  private final Double cpuStart;
  private final long[] netStart;
  private final long wallStart = System.nanoTime();

  private ProcResources(Double cpuStart, long[] netStart) {
    this.cpuStart = cpuStart;
    this.netStart = netStart;
  }

  /** Starts a measurement: resets the peak-RSS mark (so VmHWM is this window's peak) and reads the counters. */
  public static ProcResources start() {
    try {
      // "5" resets the peak RSS high-water mark of this process (Linux >= 4.0).
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // not Linux or not allowed: VmHWM is then the process-lifetime peak, still an upper bound
    }
    return new ProcResources(cpuSeconds(), netBytes());
  }

  public ResourceUse stop() {
    Double cpu = cpuSeconds();
    long[] net = netBytes();
    Double cpuUsed = cpu == null || cpuStart == null ? null : Math.round((cpu - cpuStart) * 1000.0) / 1000.0;
    Long rx = net == null || netStart == null ? null : net[0] - netStart[0];
    Long tx = net == null || netStart == null ? null : net[1] - netStart[1];
    double wall = (System.nanoTime() - wallStart) / 1e9;
    // cores busy on average over the same interval: what "CPU utilisation" means in top and cAdvisor
    Double cores = cpuUsed == null || wall <= 0 ? null : Math.round(cpuUsed / wall * 1000.0) / 1000.0;
    return new ResourceUse(cpuUsed, peakRss(), rx, tx, cores);
  }

  /**
   * This process's CPU time plus that of the children it has waited for (an external tool, and what the tool
   * waited for): the tool does the work of an external scenario, so its CPU is the pod's CPU.
   */
  static Double cpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long nanos = os.getProcessCpuTime();
      return nanos < 0 ? null : nanos / 1e9 + childrenCpuSeconds();
    }
    return null;
  }

  /** cutime + cstime of /proc/self/stat, in USER_HZ ticks (100 per second in Linux's user ABI); 0 without /proc. */
  static double childrenCpuSeconds() {
    try {
      return childrenCpuSeconds(Files.readString(STAT));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static double childrenCpuSeconds(String stat) {
    // the command name (field 2) may hold spaces and parentheses: count fields from the last ')'
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
  }

  static Long peakRss() {
    return peakRss(STATUS);
  }

  /** The peak RSS of another process so far (VmHWM), or null when it is gone or there is no /proc. */
  public static Long peakRss(long pid) {
    return peakRss(Path.of("/proc", Long.toString(pid), "status"));
  }

  private static Long peakRss(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          String[] f = line.substring(6).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc
    }
    return null;
  }

  /** {rx, tx} bytes summed over every interface except lo. */
  static long[] netBytes() {
    try {
      List<String> lines = Files.readAllLines(NET_DEV);
      long rx = 0;
      long tx = 0;
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String iface = line.substring(0, colon).trim();
        if (iface.equals("lo")) {
          continue;
        }
        String[] f = line.substring(colon + 1).trim().split("\\s+");
        rx += Long.parseLong(f[0]);
        tx += Long.parseLong(f[8]);
      }
      return new long[] {rx, tx};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
