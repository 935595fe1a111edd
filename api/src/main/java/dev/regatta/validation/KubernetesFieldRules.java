package dev.regatta.validation;

import dev.regatta.api.v1alpha1.Limits;
import dev.regatta.api.v1alpha1.Placement;
import dev.regatta.units.Humanize;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fields the operator copies into Kubernetes objects as they are (labels, annotations, node selectors, resource
 * quantities): checked to Kubernetes' own rules here, so a bad one is named in the run rather than refused by
 * the API server when the Job is created.
 */
final class KubernetesFieldRules {
  private static final Pattern LABEL_VALUE = Pattern.compile(Placement.LABEL_VALUE);
  private static final Pattern LABEL_NAME = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");
  private static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(Limits.MAX_QUANTITY);

  private KubernetesFieldRules() {}

  static void labelValue(Checks c, String f, String value) {
    if (value != null && (value.length() > Limits.MAX_LABEL_VALUE || !LABEL_VALUE.matcher(value).matches())) {
      c.fail(f, Humanize.quote(value) + " must be a label value: at most " + Limits.MAX_LABEL_VALUE
          + " characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
    }
  }

  /** Label (or annotation) keys: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
  static void labels(Checks c, String f, Map<String, String> labels, boolean valuesAreLabels) {
    if (labels == null) {
      return;
    }
    if (labels.size() > Limits.MAX_MAP_ENTRIES) {
      c.fail(f, "at most " + Limits.MAX_MAP_ENTRIES + " entries, got " + labels.size());
      return;
    }
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String key = e.getKey();
      int slash = key.indexOf('/');
      String prefix = slash < 0 ? null : key.substring(0, slash);
      String name = slash < 0 ? key : key.substring(slash + 1);
      if ((prefix != null && !DNS_SUBDOMAIN.matcher(prefix).matches()) || !LABEL_NAME.matcher(name).matches()) {
        c.fail(f + "." + Checks.shortKey(key), Humanize.quote(key) + " is not a label key: an optional DNS prefix "
            + "and '/', then at most 63 characters of letters, digits, '-', '_' and '.'");
      } else if (valuesAreLabels) {
        labelValue(c, f + "." + Checks.shortKey(key), e.getValue());
      }
    }
  }

  static void resources(Checks c, String f, ResourceRequirements r) {
    if (r == null) {
      return;
    }
    quantities(c, f + ".limits", r.getLimits());
    quantities(c, f + ".requests", r.getRequests());
  }

  static void quantities(Checks c, String f, Map<String, Quantity> q) {
    if (q == null) {
      return;
    }
    for (Map.Entry<String, Quantity> e : q.entrySet()) {
      String qf = f + "." + Checks.shortKey(e.getKey());
      try {
        BigDecimal amount = e.getValue() == null ? null : e.getValue().getNumericalAmount();
        if (amount == null || amount.signum() < 0 || amount.compareTo(MAX_QUANTITY) > 0) {
          c.fail(qf, "must be a quantity from 0 to " + Limits.MAX_QUANTITY + ", e.g. 500m, 2 or 1Gi, got "
              + Humanize.quote(e.getValue()));
        }
      } catch (RuntimeException ex) {
        c.fail(qf, Humanize.quote(e.getValue()) + " is not a quantity: use e.g. 500m, 2 or 1Gi");
      }
    }
  }
}
