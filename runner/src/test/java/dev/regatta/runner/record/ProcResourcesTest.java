package dev.regatta.runner.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProcResourcesTest {
  @Test
  void childrenCpuIsCutimePlusCstimeEvenWhenTheCommandNameHoldsParentheses() {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
    String stat = "4242 (java) (x) S 1 4242 4242 0 -1 4194560 100 200 0 0 700 50 123 77 20 0 30 0";
    assertEquals(2.0, ProcResources.childrenCpuSeconds(stat), 1e-9);
  }
}
