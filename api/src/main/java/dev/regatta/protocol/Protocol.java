package dev.regatta.protocol;

import java.util.Locale;

/**
 * Names the operator and the runner agree on. docs/PROTOCOL.md explains them; change both together.
 */
public final class Protocol {
  private Protocol() {}

  /**
   * Set on a BenchmarkRun to abort it ({@code regatta abort RUN --reason ...}); the value is the reason. The operator
   * stops the run's runners and ends it Failed with reason Aborted; on a run that has ended it changes nothing.
   */
  public static final String ABORT_ANNOTATION = "regatta.dev/abort";

  // Labels on everything the operator creates for a run.
  public static final String LABEL_RUN = "regatta.dev/run";
  public static final String LABEL_PLACEMENT = "regatta.dev/placement";
  public static final String LABEL_INDEX = "regatta.dev/index";
  public static final String LABEL_COMPONENT = "regatta.dev/component";
  public static final String COMPONENT_RUNNER = "runner";
  public static final String COMPONENT_RESULT = "result";
  public static final String COMPONENT_START = "start";
  public static final String COMPONENT_SPEC = "spec";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "regatta-operator";
  /**
   * Set by Kubernetes' Job controller on each pod of an Indexed Job (label and annotation): the pod's index, from
   * which the operator and the runner derive its result ConfigMap.
   */
  public static final String LABEL_JOB_COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  // The run file, mounted from the spec ConfigMap.
  public static final String RUN_FILE_KEY = "run.yaml";
  public static final String RUN_FILE_DIR = "/etc/regatta/run";
  public static final String RUN_FILE_PATH = RUN_FILE_DIR + "/" + RUN_FILE_KEY;

  // The start ConfigMap: created empty with the run, startAt written once every runner is ready.
  public static final String START_AT_KEY = "startAt";

  // Each pod's result ConfigMap: created by the operator, updated only by that pod's runner.
  public static final String STATE_KEY = "state";
  public static final String STATE_PENDING = "pending";
  public static final String STATE_READY = "ready";
  public static final String STATE_RUNNING = "running";
  public static final String STATE_DONE = "done";
  public static final String STATE_FAILED = "failed";
  public static final String READY_AT_KEY = "readyAt";
  public static final String POD_KEY = "pod";
  public static final String MESSAGE_KEY = "message";
  public static final String RESULT_KEY = "result.json";
  public static final String RESULT_LOCATION_KEY = "resultLocation";
  /**
   * Written by the runner with state=ready: which attempt at this index it is (1 for the first pod to take the
   * ConfigMap; a pod the Job controller created to replace a failed one counts up).
   */
  public static final String ATTEMPT_KEY = "attempt";
  /**
   * Written by the runner with state=ready: one line per pod this index ran on before, "POD STATE", where STATE
   * is what that pod had reached when it was replaced ({@link #REPLACED_MEASURING} when it had reached the start
   * and its measurements are lost with it).
   */
  public static final String REPLACED_KEY = "replaced";
  public static final String REPLACED_MEASURING = "measuring";
  public static final String REPLACED_BEFORE_START = "before-start";
  /** A result.json larger than this does not fit a ConfigMap (1 MiB with metadata): use spec.results.s3. */
  public static final int MAX_CONFIGMAP_RESULT_BYTES = 900 * 1024;

  // Environment of the runner container.
  public static final String ENV_RUN = "REGATTA_RUN";
  public static final String ENV_NAMESPACE = "REGATTA_NAMESPACE";
  public static final String ENV_POD_NAME = "REGATTA_POD_NAME";
  public static final String ENV_NODE_NAME = "REGATTA_NODE_NAME";
  public static final String ENV_PLACEMENT = "REGATTA_PLACEMENT";
  public static final String ENV_REGION = "REGATTA_REGION";
  public static final String ENV_ZONE = "REGATTA_ZONE";
  /** Set by Kubernetes for Indexed Jobs. */
  public static final String ENV_INDEX = "JOB_COMPLETION_INDEX";
  public static final String ENV_RUN_FILE = "REGATTA_RUN_FILE";
  public static final String ENV_JAVA_OPTS = "JAVA_TOOL_OPTIONS";
  public static final String SECRET_ENV_PREFIX = "REGATTA_SECRET_";

  // Exit codes of the runner in pod mode; the Job's podFailurePolicy keys on them.
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  /** Bad run file or flags: retrying cannot help, the Job fails at once. */
  public static final int EXIT_CONFIG = 2;
  public static final String TERMINATION_LOG = "/dev/termination-log";

  public static final String RUNNER_CONTAINER = "runner";

  /**
   * The runner's live channel (docs/PROTOCOL.md, "Live intervals"): an HTTP endpoint on the pod's IP that the
   * operator pulls intervals from. The port is the runner container's port named {@link #LIVE_PORT_NAME}.
   */
  public static final int LIVE_PORT = 8642;
  public static final String LIVE_PORT_NAME = "live";
  public static final String LIVE_PATH = "/live/intervals";
  /** Overrides the live port (local mode gives every runner process its own loopback port); 0 picks a free one. */
  public static final String ENV_LIVE_PORT = "REGATTA_LIVE_PORT";
  /** The address the live endpoint binds (default: every address of the pod). */
  public static final String ENV_LIVE_ADDRESS = "REGATTA_LIVE_ADDRESS";

  public static String jobName(String run, String placement) {
    return run + "-" + placement;
  }

  public static String specConfigMapName(String run) {
    return run + "-spec";
  }

  public static String startConfigMapName(String run) {
    return run + "-start";
  }

  public static String resultConfigMapName(String run, String placement, int index) {
    return run + "-result-" + placement + "-" + index;
  }

  /** ServiceAccount, Role and RoleBinding of a run's runners share this name. */
  public static String runnerAccountName(String run) {
    return run + "-runner";
  }

  /** Object key of one pod's result document when results go to S3. */
  public static String s3ResultKey(String prefix, String namespace, String run, String placement, int index) {
    return s3RunPrefix(prefix, namespace, run) + placement + "-" + index + ".json";
  }

  /**
   * Object names, under {@link #s3RunPrefix}, of the merged report (JSON and CSV) the operator writes next to the
   * per-pod documents when a run with an S3 sink ends.
   */
  public static final String S3_MERGED_JSON = "merged.json";
  public static final String S3_MERGED_CSV = "merged.csv";

  /** Object key of one of the run's merged report objects ({@link #S3_MERGED_JSON}, {@link #S3_MERGED_CSV}). */
  public static String s3MergedKey(String prefix, String namespace, String run, String object) {
    return s3RunPrefix(prefix, namespace, run) + object;
  }

  /** Key prefix (ending in /) under which all of a run's objects go in S3. */
  public static String s3RunPrefix(String prefix, String namespace, String run) {
    String p = prefix == null || prefix.isEmpty() ? "" : (prefix.endsWith("/") ? prefix : prefix + "/");
    return p + namespace + "/" + run + "/";
  }

  /** ConfigMap keys a run names (a gRPC descriptor set) reach the runner as env named like this. */
  public static final String CONFIG_MAP_ENV_PREFIX = "REGATTA_CONFIGMAP_";

  /**
   * The environment variable through which a ConfigMap key reaches the runner: the operator sets it with
   * valueFrom.configMapKeyRef, the runner reads it.
   */
  public static String configMapEnvName(String configMapName, String key) {
    return CONFIG_MAP_ENV_PREFIX + sanitize(configMapName) + "__" + sanitize(key);
  }

  /**
   * The environment variable through which a Secret key reaches the runner: the operator sets it with
   * valueFrom.secretKeyRef, the runner reads it. Secrets never appear in the run file.
   */
  public static String secretEnvName(String secretName, String key) {
    return SECRET_ENV_PREFIX + sanitize(secretName) + "__" + sanitize(key);
  }

  private static String sanitize(String s) {
    return s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
