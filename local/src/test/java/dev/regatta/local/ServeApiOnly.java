package dev.regatta.local;

import dev.regatta.local.api.EmbeddedApiServer;
import java.nio.file.Path;

/** Dev aid: serves only the embedded API and writes a kubeconfig (args: PATH). */
public final class ServeApiOnly {
  public static void main(String[] args) throws Exception {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      api.writeKubeconfig(Path.of(args[0]));
      System.out.println("serving " + api.url());
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
