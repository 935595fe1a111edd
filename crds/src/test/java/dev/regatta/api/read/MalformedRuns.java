package dev.regatta.api.read;

import java.util.List;

/**
 * Runs whose spec does not fit the Java types, each as the YAML a user could apply (or PUT past the CRD on a
 * cluster whose schema lets it through), with the field and a fragment of the message Java must report. The 12
 * shapes that stopped the operator in issue 10, and a few more of the same kinds. Shared by the crds reading
 * test and the operator's test on the mock API.
 */
public final class MalformedRuns {
  private MalformedRuns() {}

  /** One malformed run: its YAML, named {@code name}; the field Java names; a fragment of the message. */
  public record Case(String label, String name, String yaml, String field, String message) {}

  private static final String HEAD = """
      apiVersion: regatta.dev/v1alpha1
      kind: BenchmarkRun
      metadata:
        name: %s
      spec:
      """;

  private static final String PLACEMENTS = """
        placements:
          - {name: eu, pods: 1}
      """;

  private static Case of(String label, String name, String body, String field, String message) {
    return new Case(label, name, HEAD.formatted(name) + body, field, message);
  }

  public static List<Case> all() {
    return List.of(
        of("a string where an integer belongs", "bad-pods", """
              placements:
                - {name: eu, pods: many}
              scenarios:
                - {name: get, redis: {}}
            """, "spec.placements[0].pods", "must be an integer, got the string 'many'"),
        of("a list written as a map", "bad-list", """
              placements:
                name: eu
                pods: 1
              scenarios:
                - {name: get, redis: {}}
            """, "spec.placements", "must be a list, got an object"),
        of("an unknown field (a typo)", "bad-typo", PLACEMENTS + """
              scenarios:
                - {name: get, warmpu: 1s, redis: {}}
            """, "spec.scenarios[0].warmpu", "unknown field (did you mean warmup?)"),
        of("an inline access key", "bad-inline-key", PLACEMENTS + """
              scenarios:
                - name: get
                  s3: {bucket: b, credentialsSecret: {name: creds, accessKeyId: AKIAEXAMPLE}}
            """, "spec.scenarios[0].s3.credentialsSecret.accessKeyId", "credentials are never written into a run"),
        of("an enum value that does not exist", "bad-enum", PLACEMENTS + """
              scenarios:
                - {name: get, redis: {op: delete}}
            """, "spec.scenarios[0].redis.op", "must be one of blobRead, get, mixed, set; got the string 'delete'"),
        of("an integer beyond Java's int (valid under the old CRD)", "bad-keyspace", PLACEMENTS + """
              scenarios:
                - {name: get, redis: {keySpace: 3000000000}}
            """, "spec.scenarios[0].redis.keySpace", "must be at most 100000000, got 3000000000"),
        of("a bare size beyond an int (int-or-string)", "bad-bodysize", PLACEMENTS + """
              scenarios:
                - {name: post, http: {url: 'http://web.default.svc/', bodySize: 5000000000}}
            """, "spec.scenarios[0].http.bodySize", "must be at most 1073741824, got 5000000000"),
        of("a fraction where an integer belongs", "bad-fraction", PLACEMENTS + """
              scenarios:
                - {name: get, repeats: 1.5, redis: {}}
            """, "spec.scenarios[0].repeats", "must be an integer, got 1.5"),
        of("a string where a boolean belongs", "bad-bool", PLACEMENTS + """
              scenarios:
                - {name: get, http: {url: 'http://web.default.svc/', keepAlive: 'yes'}}
            """, "spec.scenarios[0].http.keepAlive", "must be true or false, got the string 'yes'"),
        of("an object where a string belongs", "bad-object", PLACEMENTS + """
              scenarios:
                - {name: {first: get}, redis: {}}
            """, "spec.scenarios[0].name", "must be a string, got an object"),
        of("a map written as a list", "bad-map", PLACEMENTS + """
              scenarios:
                - {name: get, redis: {}, matrix: [bufferSize]}
            """, "spec.scenarios[0].matrix", "must be an object, got a list"),
        of("a number beyond any Java type in an embedded Kubernetes type", "bad-uid", PLACEMENTS + """
              runner: {securityContext: {runAsUser: 99999999999999999999}}
              scenarios:
                - {name: get, redis: {}}
            """, "spec.runner.securityContext.runAsUser", "must be at most 2147483647"),
        of("an unknown field in an embedded Kubernetes type", "bad-env", PLACEMENTS + """
              runner: {env: [{name: A, vlaue: b}]}
              scenarios:
                - {name: get, redis: {}}
            """, "spec.runner.env[0].vlaue", "unknown field (did you mean value?)"),
        of("a spec that is a list", "bad-spec", """
              - placements
            """, "spec", "must be an object, got a list"));
  }
}
