package dev.regatta.runner.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;

/** Flag values in the spelling a run file uses: enums by their JSON names, sizes as numbers or 64Ki. */
final class FlagValues {
  private FlagValues() {}

  /** The enum constant whose JSON name (as in run files) is value, or a ConfigException listing the choices. */
  static <E extends Enum<E>> E choice(Class<E> type, String flag, String value) {
    if (value == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      String name = jsonName(type, e);
      if (name.equalsIgnoreCase(value)) {
        return e;
      }
      names.add(name);
    }
    throw new ConfigException(flag + " " + value + ": expected one of " + String.join(", ", names));
  }

  private static <E extends Enum<E>> String jsonName(Class<E> type, E e) {
    try {
      JsonProperty p = type.getField(e.name()).getAnnotation(JsonProperty.class);
      return p != null ? p.value() : e.name().toLowerCase(java.util.Locale.ROOT);
    } catch (NoSuchFieldException x) {
      return e.name();
    }
  }

  static IntOrString size(String v) {
    return RedisCommand.size(v);
  }
}
