package io.streamkd.model.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One typed, documented configuration flag: name, default, description and a parser that validates (and
 * names the allowed values in its exception). Every module declares its options as constants; {@link
 * OptionValues} parses command lines and properties files against them.
 *
 * @param <T> the value type
 */
public final class Option<T> {
  private final String name;
  private final T defaultValue;
  private final String description;
  private final Function<String, T> parser;

  private Option(String name, T defaultValue, String description, Function<String, T> parser) {
    this.name = Objects.requireNonNull(name);
    this.defaultValue = defaultValue;
    this.description = Objects.requireNonNull(description);
    this.parser = Objects.requireNonNull(parser);
  }

  public static <T> Option<T> of(
      String name, T defaultValue, String description, Function<String, T> parser) {
    return new Option<>(name, defaultValue, description, parser);
  }

  public static Option<String> string(String name, String defaultValue, String description) {
    return new Option<>(name, defaultValue, description, s -> s);
  }

  public static Option<Integer> integer(String name, int defaultValue, int min, String description) {
    return new Option<>(name, defaultValue, description, s -> {
      int v;
      try {
        v = Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected an integer >= " + min + " but got '" + s + "'", e);
      }
      if (v < min) {
        throw new IllegalArgumentException("must be >= " + min + " but was " + v);
      }
      return v;
    });
  }

  public static Option<Long> longValue(String name, long defaultValue, long min, String description) {
    return new Option<>(name, defaultValue, description, s -> {
      long v;
      try {
        v = Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected an integer >= " + min + " but got '" + s + "'", e);
      }
      if (v < min) {
        throw new IllegalArgumentException("must be >= " + min + " but was " + v);
      }
      return v;
    });
  }

  public static Option<Double> decimal(
      String name, double defaultValue, double min, double max, String description) {
    return new Option<>(name, defaultValue, description, s -> {
      double v;
      try {
        v = Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "expected a number in [" + min + ", " + max + "] but got '" + s + "'", e);
      }
      if (!(v >= min && v <= max)) {
        throw new IllegalArgumentException("must be in [" + min + ", " + max + "] but was " + v);
      }
      return v;
    });
  }

  public static Option<Boolean> bool(String name, boolean defaultValue, String description) {
    return new Option<>(name, defaultValue, description, s -> {
      String t = s.trim().toLowerCase(java.util.Locale.ROOT);
      if (t.equals("true") || t.equals("yes") || t.equals("1") || t.isEmpty()) {
        return true;
      }
      if (t.equals("false") || t.equals("no") || t.equals("0")) {
        return false;
      }
      throw new IllegalArgumentException("expected one of [true, false] but got '" + s + "'");
    });
  }

  /** A duration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, or plain milliseconds. */
  public static Option<java.time.Duration> duration(
      String name, java.time.Duration defaultValue, String description) {
    return new Option<>(name, defaultValue, description, Option::parseDuration);
  }

  static java.time.Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      java.time.Duration d;
      if (t.endsWith("ms")) {
        d = java.time.Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      } else if (t.endsWith("s")) {
        d = java.time.Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      } else if (t.endsWith("m")) {
        d = java.time.Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
      } else if (t.endsWith("h")) {
        d = java.time.Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 3600));
      } else {
        d = java.time.Duration.ofMillis(Long.parseLong(t));
      }
      if (d.isNegative()) {
        throw new IllegalArgumentException("must not be negative but was '" + s + "'");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected a duration such as 250ms, 30s, 5m or 2h but got '" + s + "'", e);
    }
  }

  /** One of a fixed set of words. */
  public static Option<String> choice(String name, String defaultValue, String description, String... allowed) {
    java.util.List<String> list = java.util.List.of(allowed);
    return new Option<>(name, defaultValue, description, s -> {
      String t = s.trim().toLowerCase(java.util.Locale.ROOT);
      if (!list.contains(t)) {
        throw new IllegalArgumentException("'" + s + "' is not one of " + list);
      }
      return t;
    });
  }

  public static Option<int[]> sizes(String name, int[] defaultValue, String description) {
    return new Option<>(name, defaultValue, description, Option::parseSizes);
  }

  static int[] parseSizes(String s) {
    String t = s.trim();
    if (t.isEmpty() || t.equals("none") || t.equals("[]")) {
      return new int[0];
    }
    String[] parts = t.replace("[", "").replace("]", "").split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "expected comma-separated layer sizes such as '64,32' (or 'none') but got '" + s + "'", e);
      }
      if (out[i] <= 0) {
        throw new IllegalArgumentException("layer sizes must be > 0 but got '" + s + "'");
      }
    }
    return out;
  }

  public String name() {
    return name;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** Parses a value; the exception message names this flag. */
  public T parse(String raw) {
    try {
      return parser.apply(raw);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--" + name + ": " + e.getMessage(), e);
    }
  }

  /** The default as it would be typed on a command line. */
  public String defaultText() {
    if (defaultValue == null) {
      return "";
    }
    if (defaultValue instanceof java.time.Duration d) {
      long ms = d.toMillis();
      if (ms % 3_600_000 == 0 && ms > 0) {
        return ms / 3_600_000 + "h";
      }
      if (ms % 60_000 == 0 && ms > 0) {
        return ms / 60_000 + "m";
      }
      if (ms % 1000 == 0 && ms > 0) {
        return ms / 1000 + "s";
      }
      return ms + "ms";
    }
    if (defaultValue instanceof int[] a) {
      if (a.length == 0) {
        return "none";
      }
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < a.length; i++) {
        sb.append(i == 0 ? "" : ",").append(a[i]);
      }
      return sb.toString();
    }
    return String.valueOf(defaultValue);
  }
}
