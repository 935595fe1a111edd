package dev.regatta.runner.cli;

import dev.regatta.api.v1alpha1.GrpcWorkload;
import dev.regatta.api.v1alpha1.WorkloadKind;
import dev.regatta.runner.workload.RunContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "grpc", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Unary gRPC calls to one method (types from server reflection or --protoset), the request "
        + "written as JSON; closed model by default, open with --rate.")
public final class GrpcCommand extends WorkloadCommand {
  @Option(names = "--target", required = true, paramLabel = "HOST:PORT", description = "The server.")
  String target;

  @Option(names = "--method", required = true, paramLabel = "pkg.Service/Method", description = "The unary method.")
  String method;

  @Option(names = {"-d", "--data"}, paramLabel = "JSON", description = "The request message as JSON (default {}).")
  String data;

  @Option(names = {"-H", "--metadata"}, paramLabel = "KEY: VALUE", description = "Metadata sent with every call (repeatable).")
  List<String> metadata;

  @Option(names = "--deadline", paramLabel = "DURATION", converter = Converters.GoDuration.class,
      description = "Deadline of each call (default: --timeout).")
  String deadline;

  @Option(names = "--channels", paramLabel = "N", description = "HTTP/2 connections the calls share (default 1).")
  Integer channels;

  @Option(names = "--tls", description = "Connect with TLS (default plaintext).")
  boolean tls;

  @Option(names = {"-k", "--insecure"}, description = "TLS: do not verify the server's certificate (test targets only).")
  boolean insecure;

  @Option(names = "--cacert", paramLabel = "PEM_FILE", description = "TLS: trust the CA certificates in this PEM file.")
  Path caFile;

  @Option(names = "--protoset", paramLabel = "FILE",
      description = "A FileDescriptorSet (protoc --descriptor_set_out --include_imports, raw or base64) with the "
          + "method's types, for a server without reflection.")
  Path protoset;

  @Override
  protected WorkloadKind kind() {
    return WorkloadKind.GRPC;
  }

  @Override
  protected Object workload() {
    GrpcWorkload w = new GrpcWorkload();
    w.setTarget(target);
    w.setMethod(method);
    w.setData(data);
    Map<String, String> m = new LinkedHashMap<>();
    if (metadata != null) {
      for (String line : metadata) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new ConfigException("--metadata '" + line + "': use 'key: value'");
        }
        m.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    w.setMetadata(m);
    w.setDeadline(deadline);
    w.setChannels(channels);
    w.setTls(tls || insecure || caFile != null ? Boolean.TRUE : null);
    w.setInsecure(insecure ? Boolean.TRUE : null);
    return w;
  }

  @Override
  protected RunContext context() {
    return new RunContext(common.timeoutDuration(), caFile, protoset);
  }
}
