package dev.regatta.kubesim.jobs;

import dev.regatta.kubesim.Timers;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the Job controller keeps of one Job between events (the real one keeps it in the Job's status and finalizers). */
final class JobState {
  Job job;
  /** index → the name of its pod that runs now. */
  final SortedMap<Integer, String> active = new TreeMap<>();
  /** pod name → its index, for every pod of the Job seen (indexes of a NonIndexed Job are only slots here). */
  final Map<String, Integer> indexOf = new HashMap<>();
  final Set<String> ready = new HashSet<>();
  final SortedSet<Integer> succeeded = new TreeSet<>();
  final SortedSet<Integer> failedIndexes = new TreeSet<>();
  final Map<Integer, Integer> failuresPerIndex = new HashMap<>();
  /** Pods whose end has been counted, and pods this controller is deleting itself (not failures). */
  final Set<String> counted = new HashSet<>();
  final Set<String> deleting = new HashSet<>();
  int failed;
  boolean finished;
  boolean suspended;
  Instant start;
  Instant deadlineDue;
  Timers.Timer deadline;
  /** The counts last written, so that an event that changes none of them writes nothing. */
  String written;

  JobState(Job job) {
    this.job = job;
  }

  String name() {
    return job.getMetadata().getName();
  }

  String namespace() {
    return job.getMetadata().getNamespace();
  }

  int completions() {
    Integer c = job.getSpec().getCompletions();
    return c == null ? 1 : c;
  }

  int parallelism() {
    Integer p = job.getSpec().getParallelism();
    return p == null ? 1 : p;
  }

  Integer backoffLimitPerIndex() {
    return job.getSpec().getBackoffLimitPerIndex();
  }

  /** The Job's backoffLimit: 6 by default, no limit when it has a per-index one. */
  int backoffLimit() {
    Integer b = job.getSpec().getBackoffLimit();
    return b != null ? b : backoffLimitPerIndex() == null ? 6 : Integer.MAX_VALUE;
  }

  void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel();
      deadline = null;
      deadlineDue = null;
    }
  }

  /** The counts of the status: active, ready, succeeded, failed, completed and failed indexes, start time. */
  JobStatus counts() {
    boolean indexed = IndexedPods.isIndexed(job);
    return new JobStatusBuilder()
        .withStartTime(start == null ? null : start.toString())
        .withActive(active.size())
        .withReady(ready.size())
        .withTerminating(0)
        .withSucceeded(succeeded.size())
        .withFailed(failed)
        .withCompletedIndexes(indexed && !succeeded.isEmpty() ? IndexRanges.format(succeeded) : null)
        .withFailedIndexes(backoffLimitPerIndex() != null ? IndexRanges.format(failedIndexes) : null)
        .build();
  }
}
