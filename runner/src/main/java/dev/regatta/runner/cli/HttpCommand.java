package dev.regatta.runner.cli;

import dev.regatta.api.v1alpha1.HttpWorkload;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.runner.workload.RunContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "http", mixinStandardHelpOptions = true, sortOptions = false,
    description = "HTTP/1.1 load (keep-alive, HTTPS) against one URL, closed model by default, open with --rate.")
public final class HttpCommand extends WorkloadCommand {
  @Option(names = "--url", required = true, paramLabel = "URL", description = "Target, http:// or https://.")
  String url;

  @Option(names = {"-X", "--method"}, defaultValue = "GET", paramLabel = "METHOD", description = "GET, POST, PUT, ... (default ${DEFAULT-VALUE}).")
  String method;

  @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE", description = "Request header (repeatable).")
  List<String> headers;

  @Option(names = "--body", paramLabel = "TEXT", description = "Request body.")
  String body;

  @Option(names = "--body-size", paramLabel = "BYTES", description = "Send a generated body of this size instead.")
  String bodySize;

  @Option(names = "--buffer-size", paramLabel = "BYTES", description = "Read responses in buffers of this size (default 16384).")
  String bufferSize;

  @Option(names = "--no-keep-alive", description = "A new connection for every request.")
  boolean noKeepAlive;

  @Option(names = {"-k", "--insecure"}, description = "HTTPS: do not verify the server's certificate (test targets only).")
  boolean insecure;

  @Option(names = "--cacert", paramLabel = "PEM_FILE", description = "HTTPS: trust the CA certificates in this PEM file.")
  Path caFile;

  @Override
  protected WorkloadKind kind() {
    return WorkloadKind.HTTP;
  }

  @Override
  protected Object workload() {
    HttpWorkload w = new HttpWorkload();
    w.setUrl(url);
    w.setMethod(method.toUpperCase(java.util.Locale.ROOT));
    Map<String, String> h = new LinkedHashMap<>();
    if (headers != null) {
      for (String line : headers) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new ConfigException("--header '" + line + "': use 'Name: value'");
        }
        h.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    w.setHeaders(h);
    w.setBody(body);
    w.setBodySize(RedisCommand.size(bodySize));
    w.setBufferSize(RedisCommand.size(bufferSize));
    w.setKeepAlive(noKeepAlive ? Boolean.FALSE : null);
    w.setInsecure(insecure ? Boolean.TRUE : null);
    w.setTimeout(common.timeout);
    return w;
  }

  @Override
  protected RunContext context() {
    return new RunContext(common.timeoutDuration(), caFile);
  }
}
