package dev.regatta.validation;

import static dev.regatta.validation.SpecValidator.MAX_JOB_NAME;
import static dev.regatta.validation.SpecValidator.MAX_RUN_NAME;
import static dev.regatta.validation.SpecValidator.MAX_TOTAL_PODS;

import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.protocol.Protocol;
import dev.regatta.units.Humanize;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The run's name and its placement groups: together they name every Job and pod, so their lengths are checked
 * together, and the pods of all groups are bounded as one fleet.
 */
final class PlacementRules {
  static final Pattern RUN_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  private PlacementRules() {}

  static void runName(Checks c, String name) {
    if (name == null) {
      return;
    }
    if (name.length() > MAX_RUN_NAME) {
      c.fail("metadata.name", Humanize.quote(name) + " is longer than " + MAX_RUN_NAME
          + " characters (it prefixes Job, pod and ConfigMap names)");
    } else if (!RUN_NAME.matcher(name).matches()) {
      c.fail("metadata.name", Humanize.quote(name) + " must be lower-case letters, digits and '-', starting and "
          + "ending with a letter or digit (it prefixes Job, pod and ConfigMap names)");
    }
  }

  static void placements(Checks c, List<Placement> placements, String runName) {
    if (placements == null || placements.isEmpty()) {
      c.fail("spec.placements", "at least one placement group is required");
      return;
    }
    if (placements.size() > Limits.MAX_PLACEMENTS) {
      c.fail("spec.placements", "at most " + Limits.MAX_PLACEMENTS + " placement groups, got " + placements.size());
      return;
    }
    Set<String> names = new HashSet<>();
    long total = 0;
    for (int i = 0; i < placements.size(); i++) {
      Placement p = placements.get(i);
      String f = "spec.placements[" + i + "]";
      if (p.getName() == null || !Checks.DNS_LABEL.matcher(p.getName()).matches()) {
        c.fail(f + ".name", Humanize.quote(p.getName())
            + " must be a DNS label of at most 30 characters (a-z, 0-9, -)");
      } else if (!names.add(p.getName())) {
        c.fail(f + ".name", Humanize.quote(p.getName()) + " is used by another placement");
      } else if (runName != null && runName.length() <= MAX_RUN_NAME
          && Protocol.jobName(runName, p.getName()).length() > MAX_JOB_NAME) {
        c.fail(f + ".name", "Job name " + Humanize.quote(Protocol.jobName(runName, p.getName()))
            + " would be longer than " + MAX_JOB_NAME + " characters: shorten the run or placement name");
      }
      if (p.getPods() == null) {
        c.fail(f + ".pods", "is required");
      } else if (c.range(f + ".pods", p.getPods(), 1, MAX_TOTAL_PODS)) {
        total += p.getPods();
      }
      KubernetesFieldRules.labelValue(c, f + ".region", p.getRegion());
      KubernetesFieldRules.labelValue(c, f + ".zone", p.getZone());
      KubernetesFieldRules.labels(c, f + ".nodeSelector", p.getNodeSelector(), true);
    }
    if (total > MAX_TOTAL_PODS) {
      c.fail("spec.placements", "at most " + MAX_TOTAL_PODS + " pods in all, got " + total);
    }
  }
}
