package dev.regatta.local;

import dev.regatta.local.process.ParentLifeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live processes local mode runs for one pod, found the way a person would with ps: each runs in its pod's
 * directory (/proc/PID/cwd; Linux).
 */
public final class PodProcesses {
  /** "--port N" in its arguments, or "HOST:N" in the title it sets once running. */
  private static final Pattern PORT = Pattern.compile("--port (\\d+)|:(\\d+)\\s*$");

  private PodProcesses() {}

  /** Every live descendant of this JVM working in podDir. */
  public static List<ProcessHandle> of(Path podDir) {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .filter(h -> podDir.toAbsolutePath().equals(cwd(h))).toList();
  }

  /** The pod's redis-server processes themselves (not the lifeline wrappers around them). */
  public static List<ProcessHandle> redis(Path podDir) {
    return containers(podDir).stream().filter(h -> commandLine(h).contains("redis-server")).toList();
  }

  /** The pod's runner JVM itself (not the lifeline wrapper around it). */
  public static List<ProcessHandle> runner(Path podDir) {
    return containers(podDir).stream().filter(h -> commandLine(h).contains("-jar")).toList();
  }

  /**
   * The container processes, without the {@link ParentLifeline} shells around them: a wrapper's command line
   * holds its child's, so killing the first match would kill the wrapper (the direct child, found first) and
   * leave the runner or redis-server running.
   */
  private static List<ProcessHandle> containers(Path podDir) {
    return of(podDir).stream().filter(h -> !commandLine(h).contains(ParentLifeline.NAME)).toList();
  }

  /** The port a redis-server listens on, from its process title. */
  public static int redisPort(ProcessHandle redis) {
    Matcher m = PORT.matcher(commandLine(redis));
    if (!m.find()) {
      throw new IllegalStateException("no port in " + commandLine(redis));
    }
    return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
  }

  public static String commandLine(ProcessHandle h) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline"))).replace('\0', ' ')
          .trim();
    } catch (IOException e) {
      return "";
    }
  }

  private static Path cwd(ProcessHandle h) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(h.pid()), "cwd"));
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }
}
