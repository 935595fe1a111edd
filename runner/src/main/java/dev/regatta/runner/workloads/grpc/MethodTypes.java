package dev.regatta.runner.workloads.grpc;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A unary method's descriptor, found in a set of .proto files (from server reflection or a descriptor set),
 * and the JSON parser that knows every message type of those files (for google.protobuf.Any). The
 * well-known types (google/protobuf/*.proto) are built in: a descriptor set need not carry them.
 */
record MethodTypes(Descriptors.MethodDescriptor method, JsonFormat.TypeRegistry registry) {
  private static final Map<String, FileDescriptor> WELL_KNOWN = new LinkedHashMap<>();

  static {
    for (FileDescriptor f : List.of(AnyProto.getDescriptor(), ApiProto.getDescriptor(), DurationProto.getDescriptor(),
        EmptyProto.getDescriptor(), FieldMaskProto.getDescriptor(), SourceContextProto.getDescriptor(),
        StructProto.getDescriptor(), TimestampProto.getDescriptor(), TypeProto.getDescriptor(),
        WrappersProto.getDescriptor(), DescriptorProtos.getDescriptor())) {
      WELL_KNOWN.put(f.getName(), f);
    }
  }

  static boolean isWellKnown(String file) {
    return WELL_KNOWN.containsKey(file);
  }

  /** Parses a FileDescriptorSet, as protoc writes it or base64-encoded (as a ConfigMap or Secret holds it). */
  static List<FileDescriptorProto> parseSet(byte[] bytes, String source) {
    byte[] raw = bytes;
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
    if (!text.isEmpty() && text.chars().allMatch(c -> Character.isLetterOrDigit(c) || "+/=\r\n".indexOf(c) >= 0)) {
      try {
        raw = java.util.Base64.getMimeDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        raw = bytes; // not base64 after all
      }
    }
    try {
      return FileDescriptorSet.parseFrom(raw).getFileList();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("grpc: " + source + " is not a FileDescriptorSet (protoc "
          + "--descriptor_set_out --include_imports, raw or base64): " + e.getMessage(), e);
    }
  }

  /** Finds {@code service}/{@code method} in the files; every problem is one line naming what is missing. */
  static MethodTypes find(Map<String, FileDescriptorProto> files, String service, String method, String source) {
    Map<String, FileDescriptor> built = new LinkedHashMap<>();
    for (String name : files.keySet()) {
      build(name, files, built, new HashSet<>(), source);
    }
    Descriptors.ServiceDescriptor found = null;
    Set<String> services = new TreeSet<>();
    for (FileDescriptor f : built.values()) {
      for (Descriptors.ServiceDescriptor s : f.getServices()) {
        services.add(s.getFullName());
        if (s.getFullName().equals(service)) {
          found = s;
        }
      }
    }
    if (found == null) {
      throw new IllegalArgumentException("grpc: service " + service + " is not in " + source
          + (services.isEmpty() ? " (it declares no service)" : " (it has " + String.join(", ", services) + ")"));
    }
    Descriptors.MethodDescriptor m = found.findMethodByName(method);
    if (m == null) {
      List<String> names = new ArrayList<>();
      found.getMethods().forEach(x -> names.add(x.getName()));
      throw new IllegalArgumentException("grpc: " + service + " has no method " + method + " (it has "
          + String.join(", ", names) + ")");
    }
    if (m.isClientStreaming() || m.isServerStreaming()) {
      throw new IllegalArgumentException("grpc: " + service + "/" + method + " is a streaming method; the grpc "
          + "workload calls unary methods");
    }
    JsonFormat.TypeRegistry.Builder registry = JsonFormat.TypeRegistry.newBuilder();
    for (FileDescriptor f : built.values()) {
      registry.add(f.getMessageTypes());
    }
    return new MethodTypes(m, registry.build());
  }

  private static FileDescriptor build(String name, Map<String, FileDescriptorProto> files,
      Map<String, FileDescriptor> built, Set<String> visiting, String source) {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = files.get(name);
    if (proto == null) {
      FileDescriptor wellKnown = WELL_KNOWN.get(name);
      if (wellKnown != null) {
        return wellKnown;
      }
      throw new IllegalArgumentException("grpc: " + source + " lacks " + name + ", which another file imports "
          + "(protoc --include_imports)");
    }
    if (!visiting.add(name)) {
      throw new IllegalArgumentException("grpc: " + source + ": " + name + " imports itself");
    }
    FileDescriptor[] deps = new FileDescriptor[proto.getDependencyCount()];
    for (int i = 0; i < deps.length; i++) {
      deps[i] = build(proto.getDependency(i), files, built, visiting, source);
    }
    try {
      FileDescriptor f = FileDescriptor.buildFrom(proto, deps);
      built.put(name, f);
      return f;
    } catch (Descriptors.DescriptorValidationException e) {
      throw new IllegalArgumentException("grpc: " + source + ": " + name + " is not a valid .proto: " + e.getMessage(), e);
    }
  }
}
