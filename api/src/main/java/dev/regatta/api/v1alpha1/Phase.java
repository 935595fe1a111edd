package dev.regatta.api.v1alpha1;

/** Pending -> Starting -> Running -> Collecting -> Succeeded, or Failed from any of them. */
public enum Phase {
  Pending, Starting, Running, Collecting, Succeeded, Failed;

  public boolean isFinished() {
    return this == Succeeded || this == Failed;
  }
}
