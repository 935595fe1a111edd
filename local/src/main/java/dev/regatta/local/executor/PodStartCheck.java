package dev.regatta.local.executor;

import dev.regatta.local.process.Executables;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What makes a pod impossible to start here whatever the retry: an executable or the runner jar that is not
 * there, an image reference no registry would accept, containers local mode cannot run. The Job fails at
 * once with this message instead of burning its retries on the same error.
 */
final class PodStartCheck {
  /** A container start error no retry can fix. */
  static final class Unfixable extends Exception {
    Unfixable(String message) {
      super(message);
    }
  }

  /** The distribution reference grammar: [host[:port]/]path[:tag][@digest], lower-case path components. */
  private static final Pattern IMAGE = Pattern.compile(
      "^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)/)?"
          + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
          + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");

  private PodStartCheck() {}

  static void check(Pod pod, ExecutorSettings settings) throws Unfixable {
    List<Container> all = new ArrayList<>(nullToEmpty(pod.getSpec().getContainers()));
    all.addAll(nullToEmpty(pod.getSpec().getInitContainers()));
    for (Container c : all) {
      if (c.getImage() == null || c.getImage().isEmpty() || c.getImage().length() > 255
          || !IMAGE.matcher(c.getImage()).matches()) {
        throw new Unfixable("container " + c.getName() + ": InvalidImageName: Failed to apply default image tag \""
            + shorten(c.getImage()) + "\": couldn't parse image name: invalid reference format");
      }
    }
    for (Container init : nullToEmpty(pod.getSpec().getInitContainers())) {
      if (!"Always".equals(init.getRestartPolicy())) {
        throw new Unfixable("local mode runs native sidecars (initContainers with restartPolicy: Always) only; "
            + "init container " + init.getName() + " is a plain init container");
      }
      if (!init.getImage().contains("redis")) {
        throw new Unfixable("local mode runs redis sidecars only; sidecar " + init.getName() + " has image "
            + init.getImage());
      }
      if (Executables.find(settings.redisServer()).isEmpty()) {
        throw new Unfixable("executable file not found: redis-server (" + settings.redisServer() + ") for sidecar "
            + init.getName() + ": install it (Debian/Ubuntu: sudo apt-get install -y redis-server) or pass --redis-server PATH");
      }
    }
    if (nullToEmpty(pod.getSpec().getContainers()).size() != 1) {
      throw new Unfixable("local mode runs one runner container per pod; this pod has "
          + nullToEmpty(pod.getSpec().getContainers()).size());
    }
    if (!Files.isRegularFile(settings.runnerJar())) {
      throw new Unfixable("the runner jar " + settings.runnerJar() + " does not exist: build it (make build)");
    }
  }

  private static String shorten(String s) {
    return s == null ? "" : s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  private static <T> List<T> nullToEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
