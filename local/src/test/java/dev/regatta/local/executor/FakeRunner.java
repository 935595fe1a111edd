package dev.regatta.local.executor;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the runner jar in executor tests, so they exercise the executor, not the runner: checks
 * its run file and sidecar, then writes its pid, sleeps FAKE_SLEEP_MS, writes a termination message and exits as
 * FAKE_EXIT says.
 */
public final class FakeRunner {
  public static void main(String[] args) throws Exception {
    Path runFile = Path.of(System.getenv("REGATTA_RUN_FILE"));
    String run = Files.readString(runFile);
    Matcher m = Pattern.compile("port: (\\d+)").matcher(run);
    String sidecar = "none";
    if (m.find()) {
      int port = Integer.parseInt(m.group(1));
      try (Socket s = new Socket("127.0.0.1", port)) {
        OutputStream out = s.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[5];
        int n = in.read(buf);
        sidecar = new String(buf, 0, Math.max(0, n), StandardCharsets.US_ASCII).trim();
      }
      sidecar += " bind=" + config(port, "bind") + " protected-mode=" + config(port, "protected-mode");
    }
    // written once the sidecar was checked: tests that kill the sidecar wait for it
    Path pidDir = Path.of(System.getenv("FAKE_PID_DIR"));
    Files.writeString(pidDir.resolve(System.getenv("REGATTA_POD_NAME") + ".pid"),
        String.valueOf(ProcessHandle.current().pid()));
    long sleep = Long.parseLong(System.getenv().getOrDefault("FAKE_SLEEP_MS", "0"));
    Thread.sleep(sleep);
    int exit = Integer.parseInt(System.getenv().getOrDefault("FAKE_EXIT", "0"));
    String line = "index=" + System.getenv("JOB_COMPLETION_INDEX") + " node=" + System.getenv("REGATTA_NODE_NAME")
        + " sidecar=" + sidecar + " exit=" + exit;
    Files.writeString(Path.of(System.getenv("REGATTA_TERMINATION_LOG")), line);
    System.out.println(line);
    System.exit(exit);
  }

  /** The sidecar's value of one config option (CONFIG GET answers a two-element array: name, value). */
  private static String config(int port, String option) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(("CONFIG GET " + option + "\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
          StandardCharsets.US_ASCII));
      String[] lines = new String[5]; // *2, $n, name, $m, value
      for (int i = 0; i < lines.length; i++) {
        lines[i] = in.readLine();
      }
      return lines[4];
    }
  }

  /** Packs this class into an executable jar, as the executor runs `java -jar`. */
  public static Path jar(Path dir) throws Exception {
    Path jar = dir.resolve("fake-runner.jar");
    java.util.jar.Manifest mf = new java.util.jar.Manifest();
    mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, FakeRunner.class.getName());
    String entry = FakeRunner.class.getName().replace('.', '/') + ".class";
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), mf);
        InputStream in = FakeRunner.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new java.util.jar.JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }
}
