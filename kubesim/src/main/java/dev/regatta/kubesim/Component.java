package dev.regatta.kubesim;

/** The simulated parts of a control plane, named as their Events name their source. */
public enum Component {
  JOB_CONTROLLER("job-controller"),
  SCHEDULER("default-scheduler"),
  KUBELET("kubelet"),
  GARBAGE_COLLECTOR("garbage-collector");

  private final String sourceName;

  Component(String sourceName) {
    this.sourceName = sourceName;
  }

  /** The name a cluster's Events give this component (source.component, reportingComponent). */
  public String sourceName() {
    return sourceName;
  }
}
