package dev.regatta.runner.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1, for servers that must be told their port before they bind it. */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /**
   * A port that was free a moment ago. Another process can take it before our server binds it, so callers
   * that cannot bind port 0 directly retry their start on a bind failure.
   */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
