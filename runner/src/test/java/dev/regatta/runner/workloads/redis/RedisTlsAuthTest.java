package dev.regatta.runner.workloads.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regatta.result.ResultJson;
import dev.regatta.result.ScenarioResult;
import dev.regatta.runner.standin.RedisServerProcess;
import dev.regatta.runner.testing.Cli;
import dev.regatta.runner.transport.Transport;
import dev.regatta.runner.transport.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rediss:// with AUTH and a database number on the nio (event-loop) client, against a redis-server that
 * speaks only TLS and requires a password: both load models, pipelined, a wrong password, an untrusted
 * certificate.
 */
class RedisTlsAuthTest {
  @TempDir
  static Path dir;
  static Process server;
  static int port;
  static Path cert;

  @BeforeAll
  static void start() throws Exception {
    cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process gen = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-subj",
        "/CN=regatta-test", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2").redirectErrorStream(true).start();
    String out = new String(gen.getInputStream().readAllBytes());
    assertTrue(gen.waitFor(30, TimeUnit.SECONDS) && gen.exitValue() == 0, "openssl: " + out);
    port = RedisServerProcess.freePort();
    server = new ProcessBuilder(RedisServerProcess.binary(), "--port", "0", "--tls-port", Integer.toString(port),
        "--bind", "127.0.0.1", "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
        "--tls-ca-cert-file", cert.toString(), "--tls-auth-clients", "no", "--requirepass", "s3cret", "--save", "",
        "--appendonly", "no").redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    // ready when a TLS connection completes its handshake (bounded)
    TlsSettings trust = TlsSettings.of(false, Files.readString(cert));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Transport t = Transport.open("127.0.0.1", port, 1000, trust)) {
        break;
      } catch (java.io.IOException e) {
        assertTrue(server.isAlive(), "redis-server exited: " + Files.readString(dir.resolve("redis.log")));
        assertTrue(System.nanoTime() < deadline, "redis-server with TLS did not start: " + e);
        Thread.onSpinWait();
        Thread.sleep(20);
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String url(String password) {
    return "rediss://:" + password + "@127.0.0.1:" + port + "/3";
  }

  @Test
  void getAndSetRunOnTheEventLoopsOverTlsWithAuthInBothModels() throws Exception {
    for (String[] model : new String[][] {{"--connections", "4", "--iterations", "400"},
        {"--rate", "400", "--connections", "8", "--iterations", "400"}}) {
      for (String pipeline : new String[] {"1", "4"}) {
        Path json = dir.resolve("tls-" + model[0] + pipeline + ".json");
        String[] common = {"redis", "--url", url("s3cret"), "--cacert", cert.toString(), "--op", "mixed",
            "--read-percent", "50", "--value-size", "3000", "--pipeline", pipeline, "--json", json.toString()};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(common), java.util.Arrays.stream(model))
            .toArray(String[]::new);
        Cli cli = Cli.run(args);
        assertEquals(0, cli.exit(), cli.err());
        assertTrue(cli.out().contains("  Client: nio (event-loop RESP client"), cli.out());
        ScenarioResult r = ResultJson.read(json).scenarios().get(0);
        // a pipelined send is a batch of N commands in either model (an open-model slot too)
        long ops = 400L * Integer.parseInt(pipeline);
        assertEquals(ops, r.count() + r.dropped(), model[0] + " pipeline " + pipeline);
        assertEquals(0, r.errors(), r.errorsByType().toString());
        // 3000-byte values (more than a TLS record's worth when pipelined) read and written in full
        assertEquals(r.count() * 3000, r.bytes());
      }
    }
    // the values were written in database 3, not 0: SELECT reached the server
    try (redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis(new redis.clients.jedis.HostAndPort("127.0.0.1",
        port), redis.clients.jedis.DefaultJedisClientConfig.builder().ssl(true).password("s3cret")
        .sslSocketFactory(TlsSettings.of(false, Files.readString(cert)).context().getSocketFactory()).build())) {
      assertEquals(0, j.dbSize());
      j.select(3);
      assertTrue(j.dbSize() > 0);
    }
  }

  @Test
  void aWrongPasswordIsOneLineAndExit1() {
    Cli cli = Cli.run("redis", "--url", url("wrong"), "--cacert", cert.toString(), "--iterations", "10");
    assertEquals(1, cli.exit(), cli.out());
    assertEquals(1, cli.err().trim().lines().count(), cli.err());
    assertTrue(cli.err().contains("WRONGPASS") || cli.err().contains("invalid"), cli.err());
    assertFalse(cli.err().contains("wrong"), "never the password: " + cli.err());
  }

  @Test
  void anUntrustedCertificateIsOneLineAndExit1() {
    Cli cli = Cli.run("redis", "--url", url("s3cret"), "--iterations", "10");
    assertEquals(1, cli.exit(), cli.out());
    assertTrue(cli.err().startsWith("regatta: cannot connect to rediss://127.0.0.1:" + port), cli.err());
    assertEquals(1, cli.err().trim().lines().count(), cli.err());
  }

  @Test
  void theEventLoopTransportChecksTheHostName() throws Exception {
    // the certificate names 127.0.0.1 (and CN regatta-test) only: "localhost" resolves there but is not in it
    TlsSettings trust = TlsSettings.of(false, Files.readString(cert));
    javax.net.ssl.SSLHandshakeException e = org.junit.jupiter.api.Assertions.assertThrows(
        javax.net.ssl.SSLHandshakeException.class, () -> Transport.open("localhost", port, 2000, trust).close());
    assertTrue(String.valueOf(e.getMessage()).contains("localhost"), e.toString());
    Transport.open("localhost", port, 2000, TlsSettings.of(true, null)).close(); // insecure skips it
  }
}
