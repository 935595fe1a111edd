package dev.regatta.result;

/** How many responses passed and failed one HTTP check in a window (k6's check counts). */
public record CheckCount(long passes, long fails) {
  public CheckCount plus(CheckCount o) {
    return new CheckCount(passes + o.passes, fails + o.fails);
  }
}
