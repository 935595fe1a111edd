package dev.regatta.local.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a child process die with local mode, however local mode dies (SIGKILL and OOM included), which
 * shutdown hooks cannot do. Every child is started through a small POSIX shell wrapper whose standard input
 * is a pipe from this JVM (what {@link ProcessBuilder} gives by default, never written to): the kernel
 * closes the pipe when the JVM exits by any means, the wrapper's watcher reads end-of-file, and it sends
 * the child SIGTERM, then SIGKILL after a grace period. While the JVM lives, the wrapper waits for the
 * child and exits with its status (128+N when a signal N ended it), so exit codes are what the child's
 * would be; the child's stdout and stderr are the wrapper's.
 *
 * <p>Why not PR_SET_PDEATHSIG ({@code setpriv --pdeathsig}): it fires when the <em>thread</em> that
 * forked the child exits, and Java forks from whichever thread calls {@link ProcessBuilder#start()}, so a
 * child would be killed when a short-lived thread ends, not when the JVM does. A pipe belongs to the
 * process. The child itself gets /dev/null as stdin and does not hold the pipe.
 */
public final class ParentLifeline {
  /** Seconds between SIGTERM and SIGKILL once the parent is gone. */
  static final int GRACE_SECONDS = 3;
  /** The wrapper's $0: in its command line (ps), before the child's own. */
  public static final String NAME = "regatta-lifeline";

  static final String SCRIPT = String.join("\n",
      "exec 3<&0 0</dev/null",
      "\"$@\" 3<&- &",
      "child=$!",
      "{",
      "  while read -r _; do :; done",
      "  kill -TERM \"$child\" 2>/dev/null",
      "  i=0",
      "  while kill -0 \"$child\" 2>/dev/null && [ $i -lt " + (GRACE_SECONDS * 10) + " ]; do sleep 0.1; i=$((i+1)); done",
      "  kill -KILL \"$child\" 2>/dev/null",
      "} <&3 >/dev/null 2>&1 &",
      "watcher=$!",
      "exec 3<&-",
      "wait \"$child\"",
      "status=$?",
      "kill \"$watcher\" 2>/dev/null",
      "exit \"$status\"");

  private ParentLifeline() {}

  /** The command line that runs command under the wrapper; start it with stdin left as a pipe. */
  public static List<String> wrap(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command");
    }
    List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, NAME));
    out.addAll(command);
    return out;
  }
}
