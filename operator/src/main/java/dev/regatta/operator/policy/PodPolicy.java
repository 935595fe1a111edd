package dev.regatta.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regatta.api.v1alpha1.BenchmarkRun;
import dev.regatta.api.v1alpha1.BenchmarkRunSpec;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.api.v1alpha1.RunnerTemplate;
import dev.regatta.api.v1alpha1.Sidecar;
import dev.regatta.operator.jobs.JobFactory;
import dev.regatta.operator.policy.PodSecurityStandards.Finding;
import dev.regatta.operator.policy.PodSecurityStandards.Level;
import dev.regatta.protocol.Protocol;
import dev.regatta.protocol.SecretRefs;
import dev.regatta.validation.Violation;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the operator's administrator lets run authors ask for. The operator creates runner pods on an author's
 * behalf, with its own (broad) rights, so without this an author who may only create BenchmarkRuns could get
 * a privileged pod under any service account of the namespace. An operator-wide setting, never a run field.
 *
 * @param level the Pod Security Standards profile every runner pod must meet (default restricted)
 * @param allowedServiceAccounts accounts a run may name in spec.runner.serviceAccountName besides its own per-run
 *     account; "*" allows any
 * @param secrets which Secrets of its namespace a run may name (its runner, an image of the author's choosing,
 *     gets their keys): any (default), or only those labelled {@value #USABLE_LABEL}=true
 */
public record PodPolicy(Level level, Set<String> allowedServiceAccounts, Secrets secrets) {
  public static final String ENV_LEVEL = "REGATTA_POD_POLICY";
  public static final String ENV_SERVICE_ACCOUNTS = "REGATTA_ALLOWED_SERVICE_ACCOUNTS";
  public static final String ENV_SECRETS = "REGATTA_RUN_SECRETS";
  public static final String ANY_ACCOUNT = "*";
  /** The label an administrator puts on a Secret that runs may use, when secrets is labelled. */
  public static final String USABLE_LABEL = "regatta.dev/usable-by-runs";

  /** Which Secrets a run may name. */
  public enum Secrets {
    /** Any Secret of the run's namespace: whoever may create runs there may read its Secrets (as pods may). */
    ANY,
    /** Only Secrets labelled {@value PodPolicy#USABLE_LABEL}=true: runs cannot reach the others. */
    LABELLED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Secrets parse(String s) {
      for (Secrets v : values()) {
        if (v.label().equals(s == null ? "" : s.trim().toLowerCase(Locale.ROOT))) {
          return v;
        }
      }
      throw new IllegalArgumentException("run secrets setting '" + s + "' is not one of any, labelled");
    }
  }
  /** A service account name: a DNS subdomain. */
  private static final Pattern ACCOUNT = Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Redis options that would change where the sidecar listens: the operator sets them, loopback only. */
  private static final Set<String> LISTEN_OPTIONS = Set.of("bind", "protected-mode", "port");

  public PodPolicy {
    level = level == null ? Level.RESTRICTED : level;
    secrets = secrets == null ? Secrets.ANY : secrets;
    Set<String> accounts = new LinkedHashSet<>();
    for (String a : allowedServiceAccounts == null ? Set.<String>of() : allowedServiceAccounts) {
      String t = a == null ? "" : a.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (!t.equals(ANY_ACCOUNT) && !ACCOUNT.matcher(t).matches()) {
        throw new IllegalArgumentException("allowed service account '" + t + "' is not a valid name (a DNS subdomain) or *");
      }
      accounts.add(t);
    }
    allowedServiceAccounts = Set.copyOf(accounts);
  }

  public PodPolicy(Level level, Set<String> allowedServiceAccounts) {
    this(level, allowedServiceAccounts, Secrets.ANY);
  }

  /** The default: restricted pods under the per-run account only; any Secret of the run's namespace. */
  public static PodPolicy restricted() {
    return new PodPolicy(Level.RESTRICTED, Set.of());
  }

  /**
   * From the operator's environment ({@value #ENV_LEVEL}, {@value #ENV_SERVICE_ACCOUNTS}, {@value #ENV_SECRETS});
   * unset or empty means the default. A value that cannot be understood stops the operator at start-up (it never
   * guesses wider).
   */
  public static PodPolicy fromEnvironment(Map<String, String> env) {
    String level = env.get(ENV_LEVEL);
    String accounts = env.get(ENV_SERVICE_ACCOUNTS);
    String secrets = env.get(ENV_SECRETS);
    return new PodPolicy(level == null || level.isBlank() ? Level.RESTRICTED : Level.parse(level),
        accounts == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(accounts.split(","))),
        secrets == null || secrets.isBlank() ? Secrets.ANY : Secrets.parse(secrets));
  }

  /** The account the run's pods run under may be this one. */
  public boolean allowsServiceAccount(String run, String account) {
    return account == null || account.isBlank() || account.equals(Protocol.runnerAccountName(run))
        || allowedServiceAccounts.contains(ANY_ACCOUNT) || allowedServiceAccounts.contains(account);
  }

  /** One line for logs and messages: what this policy allows. */
  public String describe() {
    return level.label() + " pods, service accounts: the per-run account"
        + (allowedServiceAccounts.isEmpty() ? " only"
            : allowedServiceAccounts.contains(ANY_ACCOUNT) ? " or any" : " or " + new TreeSet<>(allowedServiceAccounts))
        + (secrets == Secrets.ANY ? "" : ", Secrets labelled " + USABLE_LABEL + "=true only");
  }

  /** How an administrator changes the policy; appended once to a refusal. */
  public String hint() {
    return "this operator's pod policy allows " + describe() + "; its administrator sets it with " + ENV_LEVEL + ", "
        + ENV_SERVICE_ACCOUNTS + " and " + ENV_SECRETS + " (Helm values podPolicy.level, "
        + "podPolicy.allowedServiceAccounts, podPolicy.secrets)";
  }

  /**
   * With {@link Secrets#LABELLED}, every Secret the run names (found by field name anywhere in the spec, and by
   * the list the runner's environment is built from, so a field added later is not missed) must exist and carry
   * {@value #USABLE_LABEL}=true; {@code lookup} reads one from the run's namespace (null: there is none).
   */
  public List<Violation> checkSecrets(BenchmarkRunSpec spec, Function<String, Secret> lookup) {
    if (secrets == Secrets.ANY) {
      return List.of();
    }
    Map<String, String> named = new LinkedHashMap<>(); // Secret name -> the first field naming it
    collectSecretNames(JSON.valueToTree(spec), "spec", named);
    for (SecretRefs.Ref r : SecretRefs.of(spec)) {
      named.putIfAbsent(r.secretName(), "spec (a Secret reference)");
    }
    List<Violation> out = new ArrayList<>();
    named.forEach((name, field) -> {
      Secret secret = lookup.apply(name);
      Map<String, String> labels = secret == null || secret.getMetadata().getLabels() == null ? Map.of()
          : secret.getMetadata().getLabels();
      if (!"true".equals(labels.get(USABLE_LABEL))) {
        out.add(new Violation(field, "Secret " + PodSecurityStandards.quote(name) + (secret == null
            ? " does not exist" : " is not labelled " + USABLE_LABEL + "=true")
            + "; this operator lets runs use only Secrets so labelled (" + ENV_SECRETS + "=labelled)"));
      }
    });
    return out;
  }

  /** Every object under a field named *Secret or secretKeyRef that has a name: a reference to a Secret. */
  private static void collectSecretNames(JsonNode node, String path, Map<String, String> named) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectSecretNames(node.get(i), path + "[" + i + "]", named);
      }
    } else if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        String p = path + "." + e.getKey();
        JsonNode v = e.getValue();
        if ((e.getKey().endsWith("Secret") || e.getKey().equals("secretKeyRef") || e.getKey().equals("secretRef"))
            && v.isObject() && v.path("name").isTextual()) {
          named.putIfAbsent(v.path("name").asText(), p + ".name");
        } else {
          collectSecretNames(v, p, named);
        }
      });
    }
  }

  /**
   * What the run asks for that this policy refuses, each naming the run's own field (spec.runner.securityContext
   * .privileged, ...). The pod is judged as the operator would build it, defaults included, so a run that leaves
   * the security fields alone always passes.
   */
  public List<Violation> check(BenchmarkRun run, BenchmarkRunSpec spec) {
    List<Violation> out = new ArrayList<>();
    String name = run.getMetadata().getName();
    RunnerTemplate rt = spec.getRunner() == null ? new RunnerTemplate() : spec.getRunner();
    if (!allowsServiceAccount(name, rt.getServiceAccountName())) {
      out.add(new Violation("spec.runner.serviceAccountName", "the run asks for service account "
          + PodSecurityStandards.quote(rt.getServiceAccountName()) + "; this operator allows only the per-run account"
          + (allowedServiceAccounts.isEmpty() ? "" : " and " + new TreeSet<>(allowedServiceAccounts))
          + " (an administrator can allow more with " + ENV_SERVICE_ACCOUNTS + ")"));
    }
    List<Sidecar> sidecars = spec.getSidecars() == null ? List.of() : spec.getSidecars();
    for (int i = 0; i < sidecars.size(); i++) {
      List<String> args = sidecars.get(i).getArgs() == null ? List.of() : sidecars.get(i).getArgs();
      for (int j = 0; j < args.size(); j++) {
        String option = redisOption(args.get(j));
        if (option != null && LISTEN_OPTIONS.contains(option)) {
          out.add(new Violation("spec.sidecars[" + i + "].args[" + j + "]", "--" + option + " is set by the operator: "
              + "the sidecar listens on 127.0.0.1 only, in protected mode, on spec.sidecars[" + i + "].port"));
        }
      }
    }
    if (spec.getPlacements() == null || spec.getPlacements().isEmpty()) {
      return out;
    }
    // Every placement's pod has the same security fields; the first one stands for all.
    Placement first = spec.getPlacements().get(0);
    PodTemplateSpec pod = JobFactory.job(run, spec, first).getSpec().getTemplate();
    for (Finding f : PodSecurityStandards.check(pod, level)) {
      out.add(new Violation(runField(f.path(), sidecars), f.message()));
    }
    rootWithoutSayingSo(pod, out);
    return out;
  }

  /**
   * The guard before a create: the Job as built must meet the level and run under an allowed account. A finding
   * here that {@link #check} did not report is a bug in the operator, and the Job is not created.
   */
  public List<Finding> check(Job job, String run) {
    PodTemplateSpec pod = job.getSpec().getTemplate();
    List<Finding> out = new ArrayList<>(PodSecurityStandards.check(pod, level));
    String account = pod.getSpec().getServiceAccountName();
    if (account == null || !allowsServiceAccount(run, account)) {
      out.add(new Finding("spec.serviceAccountName", PodSecurityStandards.quote(account)
          + " is not the per-run account or an allowed one"));
    }
    if (pod.getSpec().getServiceAccount() != null && !pod.getSpec().getServiceAccount().equals(account)) {
      out.add(new Finding("spec.serviceAccount", "the deprecated field names another account"));
    }
    return out;
  }

  /**
   * runAsUser 0 under the default runAsNonRoot: true is a pod the kubelet would refuse to start; say so now (a
   * level that allows root still needs the author to say runAsNonRoot: false).
   */
  private static void rootWithoutSayingSo(PodTemplateSpec pod, List<Violation> out) {
    var psc = pod.getSpec().getSecurityContext();
    boolean podNonRoot = psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot());
    if (psc != null && Long.valueOf(0).equals(psc.getRunAsUser()) && podNonRoot) {
      out.add(new Violation("spec.runner.podSecurityContext.runAsUser", "0 (root) while runAsNonRoot is true (the "
          + "default): to run as root where the pod policy allows it, also set runAsNonRoot: false"));
    }
    for (var c : pod.getSpec().getContainers()) {
      SecurityContext sc = c.getSecurityContext();
      if (Protocol.RUNNER_CONTAINER.equals(c.getName()) && sc != null && Long.valueOf(0).equals(sc.getRunAsUser())
          && (Boolean.TRUE.equals(sc.getRunAsNonRoot()) || sc.getRunAsNonRoot() == null && podNonRoot)) {
        out.add(new Violation("spec.runner.securityContext.runAsUser", "0 (root) while runAsNonRoot is true (the "
            + "default): to run as root where the pod policy allows it, also set runAsNonRoot: false"));
      }
    }
  }

  /** The run field a finding on the built pod comes from. */
  static String runField(String podPath, List<Sidecar> sidecars) {
    String runner = "spec.containers[" + Protocol.RUNNER_CONTAINER + "].securityContext";
    if (podPath.startsWith(runner)) {
      return "spec.runner.securityContext" + podPath.substring(runner.length());
    }
    if (podPath.startsWith("spec.securityContext")) {
      return "spec.runner.podSecurityContext" + podPath.substring("spec.securityContext".length());
    }
    if (podPath.startsWith("metadata.annotations")) {
      return "spec.runner.podAnnotations" + podPath.substring("metadata.annotations".length());
    }
    for (int i = 0; i < sidecars.size(); i++) {
      String prefix = "spec.initContainers[" + sidecars.get(i).getName() + "]";
      if (podPath.startsWith(prefix)) {
        return "spec.sidecars[" + i + "] (its container" + podPath.substring(prefix.length()) + ")";
      }
    }
    return "the runner pod's " + podPath;
  }

  /** "--bind" or "--BIND 0.0.0.0" as one argument: the Redis option it sets, lower case; null for a value. */
  static String redisOption(String arg) {
    if (arg == null || !arg.strip().startsWith("--")) {
      return null;
    }
    String s = arg.strip().substring(2);
    int space = s.indexOf(' ');
    return (space < 0 ? s : s.substring(0, space)).toLowerCase(Locale.ROOT);
  }
}
