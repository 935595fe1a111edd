package dev.regatta.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Kubernetes protobuf encoding of the objects kubectl's typed commands send: {@code kubectl create
 * secret|configmap|namespace|serviceaccount} post {@code application/vnd.kubernetes.protobuf}, and client-go
 * does not fall back to JSON when a server cannot read it. The body is the "k8s\0" magic, then a
 * runtime.Unknown (type meta, raw object); the raw object is decoded with the field numbers of the
 * Kubernetes generated.proto files for the kinds below. Any other kind is refused (415) with what to do.
 */
final class ProtobufBody {
  static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

  /** A body that is not one of the kinds read here, or is not valid protobuf. */
  static final class Unreadable extends Exception {
    final int code;

    Unreadable(int code, String message) {
      super(message);
      this.code = code;
    }

    MockResponse status(ApiPath p, Optional<ResourceType> type) {
      return ApiRouter.status(code, code == 415 ? "UnsupportedMediaType" : "BadRequest", getMessage(), p, type);
    }
  }

  private enum Type { STRING, INT64, BOOL, TIME, STRING_MAP, BYTES_MAP, MESSAGE }

  private record Field(String name, Type type, boolean repeated, Map<Integer, Field> message) {}

  private static Field f(String name, Type type) {
    return new Field(name, type, false, null);
  }

  private static Field list(String name, Type type) {
    return new Field(name, type, true, null);
  }

  private static Field msg(String name, Map<Integer, Field> fields) {
    return new Field(name, Type.MESSAGE, false, fields);
  }

  private static Field msgs(String name, Map<Integer, Field> fields) {
    return new Field(name, Type.MESSAGE, true, fields);
  }

  private static final Map<Integer, Field> OWNER_REFERENCE = Map.of(1, f("kind", Type.STRING), 3, f("name", Type.STRING),
      4, f("uid", Type.STRING), 5, f("apiVersion", Type.STRING), 6, f("controller", Type.BOOL),
      7, f("blockOwnerDeletion", Type.BOOL));
  private static final Map<Integer, Field> OBJECT_META = Map.ofEntries(
      Map.entry(1, f("name", Type.STRING)), Map.entry(2, f("generateName", Type.STRING)),
      Map.entry(3, f("namespace", Type.STRING)), Map.entry(5, f("uid", Type.STRING)),
      Map.entry(6, f("resourceVersion", Type.STRING)), Map.entry(7, f("generation", Type.INT64)),
      Map.entry(8, f("creationTimestamp", Type.TIME)), Map.entry(11, f("labels", Type.STRING_MAP)),
      Map.entry(12, f("annotations", Type.STRING_MAP)), Map.entry(13, msgs("ownerReferences", OWNER_REFERENCE)),
      Map.entry(14, list("finalizers", Type.STRING)));
  private static final Map<Integer, Field> OBJECT_REFERENCE = Map.of(1, f("kind", Type.STRING), 2, f("namespace", Type.STRING),
      3, f("name", Type.STRING), 4, f("uid", Type.STRING), 5, f("apiVersion", Type.STRING));
  private static final Map<String, Map<Integer, Field>> KINDS = Map.of(
      "v1/Secret", Map.of(1, msg("metadata", OBJECT_META), 2, f("data", Type.BYTES_MAP), 3, f("type", Type.STRING),
          4, f("stringData", Type.STRING_MAP), 5, f("immutable", Type.BOOL)),
      "v1/ConfigMap", Map.of(1, msg("metadata", OBJECT_META), 2, f("data", Type.STRING_MAP),
          3, f("binaryData", Type.BYTES_MAP), 4, f("immutable", Type.BOOL)),
      "v1/Namespace", Map.of(1, msg("metadata", OBJECT_META), 2, msg("spec", Map.of(1, list("finalizers", Type.STRING)))),
      "v1/ServiceAccount", Map.of(1, msg("metadata", OBJECT_META), 2, msgs("secrets", OBJECT_REFERENCE),
          3, msgs("imagePullSecrets", Map.of(1, f("name", Type.STRING))),
          4, f("automountServiceAccountToken", Type.BOOL)));

  private ProtobufBody() {}

  static boolean isProtobuf(RecordedRequest r) {
    String contentType = r.getHeader("Content-Type");
    return contentType != null && contentType.toLowerCase().startsWith(MEDIA_TYPE);
  }

  /** The same request with the object as a JSON body. */
  static RecordedRequest asJson(RecordedRequest r) throws Unreadable {
    ObjectNode obj = toJson(r.getBody() == null ? new byte[0] : r.getBody().getBytes());
    return new RecordedRequest(r.getHttpVersion(), r.method(), r.getPath(),
        r.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
        new Buffer(obj.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The object the body encodes, as the JSON the API would have received. */
  static ObjectNode toJson(byte[] body) throws Unreadable {
    if (body.length < MAGIC.length || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2]
        || body[3] != MAGIC[3]) {
      throw new Unreadable(400, "the body is not Kubernetes protobuf (no k8s\\0 prefix)");
    }
    Reader unknown = new Reader(body, MAGIC.length, body.length);
    String apiVersion = "";
    String kind = "";
    byte[] raw = null;
    try {
      while (unknown.more()) {
        int tag = unknown.varint32();
        if (tag >>> 3 == 1 && (tag & 7) == 2) {
          Reader typeMeta = unknown.sub();
          while (typeMeta.more()) {
            int t = typeMeta.varint32();
            if (t >>> 3 == 1 && (t & 7) == 2) {
              apiVersion = typeMeta.string();
            } else if (t >>> 3 == 2 && (t & 7) == 2) {
              kind = typeMeta.string();
            } else {
              typeMeta.skip(t & 7);
            }
          }
        } else if (tag >>> 3 == 2 && (tag & 7) == 2) {
          raw = unknown.bytes();
        } else {
          unknown.skip(tag & 7);
        }
      }
      Map<Integer, Field> schema = KINDS.get(apiVersion + "/" + kind);
      if (schema == null) {
        throw new Unreadable(415, "Regatta local mode reads protobuf bodies of Secret, ConfigMap, Namespace and "
            + "ServiceAccount only, not " + apiVersion + " " + kind + ": send JSON instead (kubectl create ... "
            + "--dry-run=client -o yaml | kubectl apply -f -)");
      }
      ObjectNode obj = JsonNodeFactory.instance.objectNode();
      obj.put("apiVersion", apiVersion);
      obj.put("kind", kind);
      if (raw != null) {
        decode(new Reader(raw, 0, raw.length), schema, obj);
      }
      if ("Secret".equals(kind) && !obj.has("type")) {
        obj.put("type", "Opaque"); // the API server's default
      }
      return obj;
    } catch (IndexOutOfBoundsException | IllegalStateException e) {
      throw new Unreadable(400, "the protobuf body is truncated or malformed: " + e.getMessage());
    }
  }

  private static void decode(Reader in, Map<Integer, Field> schema, ObjectNode out) {
    while (in.more()) {
      int tag = in.varint32();
      Field field = schema.get(tag >>> 3);
      if (field == null) {
        in.skip(tag & 7); // fields a client does not set on create (status, managedFields, ...)
        continue;
      }
      switch (field.type()) {
        case STRING -> {
          String s = in.string();
          if (field.repeated()) {
            array(out, field.name()).add(s);
          } else if (!s.isEmpty()) {
            out.put(field.name(), s); // proto2 sends empty optional strings; JSON omits them
          }
        }
        case INT64 -> {
          long v = in.varint();
          if (v != 0) {
            out.put(field.name(), v);
          }
        }
        case BOOL -> out.put(field.name(), in.varint() != 0);
        case TIME -> {
          Reader t = in.sub();
          long seconds = 0;
          while (t.more()) {
            int tt = t.varint32();
            if (tt >>> 3 == 1 && (tt & 7) == 0) {
              seconds = t.varint();
            } else {
              t.skip(tt & 7);
            }
          }
          if (seconds != 0) {
            out.put(field.name(), Instant.ofEpochSecond(seconds).toString());
          }
        }
        case STRING_MAP, BYTES_MAP -> {
          Reader entry = in.sub();
          String key = "";
          String value = "";
          while (entry.more()) {
            int et = entry.varint32();
            if (et >>> 3 == 1 && (et & 7) == 2) {
              key = entry.string();
            } else if (et >>> 3 == 2 && (et & 7) == 2) {
              value = field.type() == Type.BYTES_MAP ? Base64.getEncoder().encodeToString(entry.bytes()) : entry.string();
            } else {
              entry.skip(et & 7);
            }
          }
          JsonNode map = out.get(field.name());
          ObjectNode m = map instanceof ObjectNode o ? o : out.putObject(field.name());
          m.put(key, value);
        }
        case MESSAGE -> {
          ObjectNode child = JsonNodeFactory.instance.objectNode();
          decode(in.sub(), field.message(), child);
          if (field.repeated()) {
            array(out, field.name()).add(child);
          } else {
            out.set(field.name(), child);
          }
        }
        default -> throw new IllegalStateException("unhandled field type " + field.type());
      }
    }
  }

  private static ArrayNode array(ObjectNode out, String name) {
    JsonNode a = out.get(name);
    return a instanceof ArrayNode arr ? arr : out.putArray(name);
  }

  /** Protobuf wire format over a byte range. */
  private static final class Reader {
    private final byte[] buf;
    private int pos;
    private final int end;

    Reader(byte[] buf, int from, int end) {
      this.buf = buf;
      this.pos = from;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new IllegalStateException("varint past the end");
        }
        byte b = buf[pos++];
        v |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalStateException("varint longer than 10 bytes");
    }

    int varint32() {
      return (int) varint();
    }

    private int length() {
      long n = varint();
      if (n < 0 || n > end - pos) {
        throw new IllegalStateException("length " + n + " past the end");
      }
      return (int) n;
    }

    byte[] bytes() {
      int n = length();
      byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + n);
      pos += n;
      return out;
    }

    String string() {
      int n = length();
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    Reader sub() {
      int n = length();
      Reader r = new Reader(buf, pos, pos + n);
      pos += n;
      return r;
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> advance(length());
        case 5 -> advance(4);
        default -> throw new IllegalStateException("unsupported wire type " + wireType);
      }
    }

    private void advance(int n) {
      if (n > end - pos) {
        throw new IllegalStateException("field past the end");
      }
      pos += n;
    }
  }
}
