package dev.regatta.kubesim.nodes;

import java.util.ArrayList;
import java.util.List;

/** A region/zone pair the simulated nodes are labelled with. */
public record Zone(String region, String zone) {
  public static final List<Zone> DEFAULT = List.of(
      new Zone("eu-west-1", "eu-west-1a"), new Zone("eu-west-1", "eu-west-1b"),
      new Zone("us-east-1", "us-east-1a"), new Zone("us-east-1", "us-east-1b"));

  /** Parses REGION/ZONE (e.g. eu-west-1/eu-west-1a). */
  public static Zone parse(String s) {
    int slash = s.indexOf('/');
    if (slash <= 0 || slash == s.length() - 1) {
      throw new IllegalArgumentException("zone must be REGION/ZONE, e.g. eu-west-1/eu-west-1a; got " + s);
    }
    return new Zone(s.substring(0, slash), s.substring(slash + 1));
  }

  public static List<Zone> parseAll(List<String> specs) {
    List<Zone> zones = new ArrayList<>();
    for (String s : specs) {
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          zones.add(parse(part.trim()));
        }
      }
    }
    return zones;
  }
}
