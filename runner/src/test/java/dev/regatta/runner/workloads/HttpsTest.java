package dev.regatta.runner.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.standin.HttpStandin;
import dev.regatta.runner.testing.Cli;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against a self-signed target: trusted through --cacert, refused without it, or explicitly insecure. */
class HttpsTest {
  @TempDir
  static Path dir;
  static SSLContext serverTls;
  static Path caPem;

  @BeforeAll
  static void certificate() throws Exception {
    Path ks = dir.resolve("server.p12");
    caPem = dir.resolve("ca.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-keystore", ks.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2");
    run(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", ks.toString(), "-storepass", "changeit",
        "-file", caPem.toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
  }

  @Test
  void aCustomCaIsTrusted() throws Exception {
    try (HttpStandin target = HttpStandin.withTls(2048, serverTls)) {
      Path json = dir.resolve("tls.json");
      Cli cli = Cli.run("http", "--url", "https://127.0.0.1:" + target.port() + "/", "--cacert", caPem.toString(),
          "--connections", "2", "--iterations", "20", "--json", json.toString());
      assertEquals(0, cli.exit(), cli.err());
      ScenarioResult r = ResultJson.read(json).scenarios().get(0);
      assertEquals(20, r.count());
      assertEquals(0, r.errors(), r.errorsByType().toString());
      assertEquals(20 * 2048, r.bytes());
    }
  }

  @Test
  void largeBodiesThroughSmallReadBuffersInBothModels() throws Exception {
    // 100 KiB bodies span several TLS records; 1000-byte reads leave decrypted bytes the socket never
    // signals again, which the connection must still read
    try (HttpStandin target = HttpStandin.withTls(100 * 1024, serverTls)) {
      String url = "https://127.0.0.1:" + target.port() + "/";
      for (String[] model : new String[][] {{"--connections", "3"}, {"--rate", "200", "--connections", "5"}}) {
        Path json = dir.resolve("big" + model[0] + ".json");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("http", "--url", url, "--cacert",
            caPem.toString(), "--buffer-size", "1000", "--iterations", "60", "--json", json.toString()));
        args.addAll(java.util.List.of(model));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertEquals(0, cli.exit(), cli.err());
        ScenarioResult r = ResultJson.read(json).scenarios().get(0);
        assertEquals(60, r.count() + r.dropped(), model[0]);
        assertEquals(0, r.errors(), r.errorsByType().toString());
        assertEquals(r.count() * 100 * 1024, r.bytes());
      }
    }
  }

  @Test
  void anUntrustedCertificateIsAClearErrorUnlessInsecureIsAsked() throws Exception {
    try (HttpStandin target = HttpStandin.withTls(10, serverTls)) {
      String url = "https://127.0.0.1:" + target.port() + "/";
      Cli refused = Cli.run("http", "--url", url, "--iterations", "5");
      assertEquals(1, refused.exit());
      assertTrue(refused.err().startsWith("regatta: cannot connect to " + url + ": TLS handshake failed"), refused.err());
      Cli insecure = Cli.run("http", "--url", url, "--insecure", "--iterations", "5");
      assertEquals(0, insecure.exit(), insecure.err());
    }
  }
}
