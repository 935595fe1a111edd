package dev.regatta.local.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's log: bounded on disk whatever the container writes, read in order across rotations. */
class ContainerLogTest {
  private static final long CAP = 64 * 1024;
  @TempDir
  Path dir;

  @Test
  void aChattyContainerNeverUsesMoreThanTwoFilesAndTheNewestLinesSurvive() throws Exception {
    ContainerLog log = new ContainerLog(dir, "runner", CAP);
    for (int i = 0; i < 20_000; i++) {
      write(log, "line " + i + " " + "x".repeat(80));
    }
    log.end();
    assertTrue(diskUsage() <= 2 * CAP, "on disk: " + diskUsage());
    List<String> lines = readAll(log);
    assertEquals("line 19999 " + "x".repeat(80), ContainerLog.text(lines.get(lines.size() - 1)));
    assertFalse(ContainerLog.text(lines.get(0)).startsWith("line 0 "), "the oldest lines were dropped");
    assertInOrderWithoutGaps(lines);
    assertEquals("line 19999 " + "x".repeat(80), log.tail(1, 1000));
  }

  @Test
  void aFollowerReadsEveryLineInOrderWhileTheFileRotates() throws Exception {
    ContainerLog log = new ContainerLog(dir, "runner", CAP);
    List<String> seen = new ArrayList<>();
    ContainerLog.Cursor cursor = log.cursor();
    Thread writer = new Thread(() -> {
      for (int i = 0; i < 5_000; i++) {
        write(log, "line " + i + " " + "y".repeat(50));
      }
      log.end();
    });
    writer.start();
    while (cursor.await(10_000)) {
      seen.addAll(cursor.next());
    }
    writer.join();
    assertTrue(log.ended());
    assertEquals("line 4999 " + "y".repeat(50), ContainerLog.text(seen.get(seen.size() - 1)));
    // a follower more than a rotation behind loses lines, as on a node; it never repeats, reorders or cuts one
    int prev = -1;
    for (String l : seen) {
      String text = ContainerLog.text(l);
      assertTrue(text.matches("line \\d+ y{50}"), "a whole line: " + text);
      int n = Integer.parseInt(text.split(" ")[1]);
      assertTrue(n > prev, n + " after " + prev);
      prev = n;
    }
  }

  @Test
  void outputIsSplitIntoLinesWithTimestampsAndOverlongLinesAreCut() throws Exception {
    ContainerLog log = new ContainerLog(dir, "redis", CAP);
    String huge = "z".repeat(40_000);
    log.pump(new ByteArrayInputStream(("first\n\nsecond\n" + huge + "\nlast without newline")
        .getBytes(StandardCharsets.UTF_8)), "pump").join();
    assertTrue(log.ended());
    List<String> lines = readAll(log);
    List<String> texts = lines.stream().map(ContainerLog::text).toList();
    assertEquals(List.of("first", "", "second"), texts.subList(0, 3));
    assertEquals(16 * 1024, texts.get(3).length());
    assertEquals(huge, String.join("", texts.subList(3, 6)));
    assertEquals("last without newline", texts.get(6));
    for (String l : lines) {
      assertTrue(ContainerLog.timestamp(l).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z"), l);
    }
  }

  @Test
  void aRestartedContainerKeepsThePreviousInstancesLog() throws Exception {
    PodLogs logs = new PodLogs(CAP);
    ContainerLog first = logs.start("default", "p", "redis", dir);
    write(first, "from the first instance");
    ContainerLog second = logs.start("default", "p", "redis", dir);
    write(second, "from the second");
    assertTrue(first.ended(), "the old instance's log is closed");
    assertEquals("from the first instance", logs.find("default", "p", "redis", true).orElseThrow().tail(5, 100));
    assertEquals("from the second", logs.find("default", "p", "redis", false).orElseThrow().tail(5, 100));
    assertTrue(Files.exists(dir.resolve("redis.previous.log")) && Files.exists(dir.resolve("redis.log")));
    logs.forget("default", "p");
    assertTrue(logs.find("default", "p", "redis", false).isEmpty());
  }

  private static void write(ContainerLog log, String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    log.append(b, b.length);
  }

  private static List<String> readAll(ContainerLog log) {
    List<String> all = new ArrayList<>();
    ContainerLog.Cursor c = log.cursor();
    for (List<String> chunk = c.next(); !chunk.isEmpty(); chunk = c.next()) {
      all.addAll(chunk);
    }
    return all;
  }

  private static void assertInOrderWithoutGaps(List<String> lines) {
    int prev = -1;
    for (String l : lines) {
      String[] parts = ContainerLog.text(l).split(" ");
      int n = Integer.parseInt(parts[1]);
      if (prev >= 0) {
        assertEquals(prev + 1, n, "after line " + prev);
      }
      prev = n;
    }
  }

  private long diskUsage() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
