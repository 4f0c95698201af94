package io.streamkd.model.config;

import java.util.Arrays;
import java.util.Locale;

/** Enums as flag values: lower-case names, and a parse error that lists every allowed value. */
public final class FlagEnums {
  private FlagEnums() {}

  public static String flagValue(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param what what the value is, for the message ("distill loss")
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String s, String what) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (flagValue(e).equals(t)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " '" + s + "'. Supported: "
        + Arrays.stream(type.getEnumConstants()).map(FlagEnums::flagValue).toList());
  }
}
