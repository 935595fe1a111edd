package dev.regatta.runner.workload;

import dev.regatta.protocol.Protocol;
import java.util.Map;

/** Secret values as the operator hands them to runners: environment variables named by the protocol. */
public final class SecretEnv {
  private SecretEnv() {}

  /** The value of a Secret key, or throws naming the Secret, the key and the variable that was expected. */
  public static String get(String secretName, String key) {
    return get(System.getenv(), secretName, key);
  }

  /** The same, from the given environment (what the runner was started with). */
  public static String get(Map<String, String> env, String secretName, String key) {
    String var = Protocol.secretEnvName(secretName, key);
    String v = env.get(var);
    if (v == null) {
      throw new IllegalStateException("secret " + secretName + "/" + key + " is not available: expected environment variable "
          + var + " (set by the operator from the Secret)");
    }
    return v;
  }
}
