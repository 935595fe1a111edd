package dev.regatta.runner.workloads.s3;

import dev.regatta.api.v1alpha1.S3Endpoint;
import dev.regatta.api.v1alpha1.SecretKeyPair;
import dev.regatta.runner.workload.SecretEnv;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Where S3 credentials come from: the Secret the run names (as environment set by the operator), else the
 * default AWS chain (env, profile, web identity/IRSA, instance role). Never anonymous: a missing key pair is
 * an error before the first request, not a stream of 403s.
 */
public final class S3Credentials {
  private S3Credentials() {}

  public static AwsCredentialsProvider of(S3Endpoint endpoint) {
    SecretKeyPair secret = endpoint.getCredentialsSecret();
    if (secret != null) {
      String id = SecretEnv.get(secret.getName(), secret.getAccessKeyIdKey());
      String key = SecretEnv.get(secret.getName(), secret.getSecretAccessKeyKey());
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, key));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** Resolves once, so a missing credential fails preparation with a message saying what to set. */
  public static void check(AwsCredentialsProvider provider, String target) {
    try {
      provider.resolveCredentials();
    } catch (SdkClientException e) {
      IllegalStateException ise = new IllegalStateException("no S3 credentials for " + target + ": set credentialsSecret (a Secret with "
          + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) or provide them through the default AWS chain "
          + "(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or a web identity)");
      // Each provider's reason is in the SDK's message: kept for REGATTA_DEBUG, not in the one line.
      ise.addSuppressed(e);
      throw ise;
    }
  }
}
