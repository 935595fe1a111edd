package dev.regatta.api.v1alpha1;

/**
 * Every bound of the BenchmarkRun API in one place: the CRD schema is generated from the annotations that use
 * these constants, SpecValidator checks the same constants, and docs/API.md lists them. A bound is what the
 * Java type holds and what makes sense for a benchmark; beyond it a value is a typo or an attack, never a plan.
 */
public final class Limits {
  private Limits() {}

  // ---- counts ----
  public static final int MAX_PLACEMENTS = 50;
  public static final int MAX_SIDECARS = 4;
  public static final int MAX_SCENARIOS = 100;
  /** Pods in one placement group, and in all groups together. */
  public static final int MAX_PODS = 10_000;
  public static final int MAX_MATRIX_PARAMETERS = 16;
  public static final int MAX_MATRIX_VALUES = 1_000;
  /** powersOfTwo goes up to 2^40; each point must still fit the field it sets. */
  public static final int MAX_POWER_OF_TWO = 40;
  public static final int MAX_STAGES = 100;
  public static final int MAX_HEADERS = 64;
  public static final int MAX_SIDECAR_ARGS = 64;
  /** Entries of a label or annotation map (nodeSelector, podLabels, podAnnotations). */
  public static final int MAX_MAP_ENTRIES = 64;
  /** Items of a list of Kubernetes objects (env, tolerations, imagePullSecrets, …). */
  public static final int MAX_LIST_ITEMS = 64;
  public static final int MAX_REPEATS = 100;
  /** Checks on an HTTP response (http.expect), and status codes in one check. */
  public static final int MAX_CHECKS = 16;
  public static final int MAX_CHECK_STATUSES = 32;
  /** Percentiles a run asks for (defaults.percentiles). */
  public static final int MAX_PERCENTILES = 16;
  /** Criteria of spec.thresholds (status.thresholds has one entry per criterion). */
  public static final int MAX_THRESHOLDS = 50;

  // ---- text ----
  public static final int MAX_PLACEMENT_NAME = 30;
  public static final int MAX_SIDECAR_NAME = 30;
  public static final int MAX_SCENARIO_NAME = 63;
  public static final int MAX_URL = 2048;
  /** A Kubernetes label value (region, zone, nodeSelector values). */
  public static final int MAX_LABEL_VALUE = 63;
  /** A Kubernetes object name (Secrets, service accounts) or Secret key. */
  public static final int MAX_OBJECT_NAME = 253;
  public static final int MAX_IMAGE = 512;
  /** A Redis key, an S3 key or key prefix. */
  public static final int MAX_KEY = 1024;
  public static final int MAX_BUCKET = 63;
  public static final int MAX_REGION = 64;
  public static final int MAX_TOPIC = 249;
  /** Comma-separated host:port list. */
  public static final int MAX_BOOTSTRAP_SERVERS = 2048;
  public static final int MAX_HEADER_NAME = 256;
  public static final int MAX_HEADER_VALUE = 8192;
  /** A literal request body; larger bodies are generated with bodySize. */
  public static final int MAX_BODY = 1 << 20;
  public static final int MAX_ARG = 4096;
  public static final int MAX_JVM_OPTIONS = 4096;
  public static final int MAX_ANNOTATION_VALUE = 4096;
  /** A string matrix value (a URL, a client name, a size such as 64Ki). */
  public static final int MAX_MATRIX_VALUE = 2048;
  /** A matrix value's label (a configuration's name). */
  public static final int MAX_MATRIX_LABEL = 256;
  /** A check's text (bodyContains, a JSON value) and a check's JSON field path. */
  public static final int MAX_CHECK_TEXT = 4096;
  public static final int MAX_CHECK_PATH = 256;
  /** Strings inside embedded Kubernetes types (env values, tolerations, security contexts). */
  public static final int MAX_EMBEDDED_STRING = 4096;

  // ---- numbers ----
  public static final int MAX_CONNECTIONS = 100_000;
  /** Requests per second per pod: well beyond what one pod sends. */
  public static final double MAX_RATE = 10_000_000;
  public static final long MAX_ITERATIONS = 1_000_000_000_000L;
  public static final int MAX_KEY_SPACE = 100_000_000;
  public static final int MAX_PIPELINE = 10_000;
  public static final int MAX_PARTITIONS = 10_000;
  public static final int MAX_LINGER_MS = 60_000;
  public static final int MAX_TASKS = 10_000_000;
  public static final int MAX_WORKERS = 1024;
  public static final int MAX_PORT = 65535;
  /**
   * A quantity (cpu: 2, memory: 4294967296) written as a bare number: up to 2^53, the integers a double holds
   * exactly (8 PiB of memory); quantities are not Java ints.
   */
  public static final long MAX_QUANTITY = 1L << 53;
  /** Integers inside embedded Kubernetes types (user and group ids, tolerationSeconds). */
  public static final long MAX_EMBEDDED_INTEGER = Integer.MAX_VALUE;

  // ---- sizes (bytes) ----
  /** Read buffers and chunks (http, redis and s3 bufferSize). */
  public static final long MAX_BUFFER_SIZE = 64L << 20;
  /** Redis values and preloaded keys, stream payloads: Redis' largest string. */
  public static final long MAX_VALUE_SIZE = 512L << 20;
  /** Generated HTTP bodies, S3 objects and ranges: held in the runner's memory. */
  public static final long MAX_OBJECT_SIZE = 1L << 30;
  /** Kafka messages and producer batches. */
  public static final long MAX_MESSAGE_SIZE = 64L << 20;
}
