package io.streamkd.model.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Values of a known set of {@link Option}s, parsed from {@code --name value} / {@code --name=value}
 * arguments and, with {@code --config FILE}, a properties file (command line wins). Unknown flags fail at
 * once with the list of known ones: a typo must not silently fall back to a default.
 */
public final class OptionValues {
  private final Map<String, Option<?>> known = new LinkedHashMap<>();
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, String> raw = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();
  private boolean help;

  private OptionValues(Collection<Option<?>> options) {
    for (Option<?> o : options) {
      if (known.put(o.name(), o) != null) {
        throw new IllegalStateException("option --" + o.name() + " declared twice");
      }
    }
  }

  public static OptionValues defaults(Collection<Option<?>> options) {
    return new OptionValues(options);
  }

  public static OptionValues parse(Collection<Option<?>> options, String... args) {
    OptionValues v = new OptionValues(options);
    Map<String, String> cli = new LinkedHashMap<>();
    String configFile = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        v.help = true;
        continue;
      }
      if (!a.startsWith("--")) {
        v.positional.add(a);
        continue;
      }
      String name;
      String value;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(2, eq);
        value = a.substring(eq + 1);
      } else {
        name = a.substring(2);
        Option<?> o = v.known.get(name);
        boolean isFlag = o != null && o.defaultValue() instanceof Boolean;
        if (isFlag && (i + 1 >= args.length || args[i + 1].startsWith("--"))) {
          value = "true";
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new ConfigException("--" + name + " needs a value");
        }
      }
      if (name.equals("config")) {
        configFile = value;
        continue;
      }
      cli.put(name, value);
    }
    if (configFile != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(configFile))) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigException("--config: cannot read '" + configFile + "': " + e.getMessage(), e);
      }
      for (String k : p.stringPropertyNames()) {
        v.set(k, p.getProperty(k), "--config " + configFile);
      }
    }
    for (Map.Entry<String, String> e : cli.entrySet()) {
      v.set(e.getKey(), e.getValue(), "command line");
    }
    return v;
  }

  public static OptionValues fromMap(Collection<Option<?>> options, Map<String, String> map) {
    OptionValues v = new OptionValues(options);
    map.forEach((k, val) -> v.set(k, val, "configuration"));
    return v;
  }

  private void set(String name, String value, String source) {
    Option<?> o = known.get(name);
    if (o == null) {
      throw new ConfigException(
          "unknown option --" + name + " (from " + source + "). Known options: "
              + known.keySet().stream().map(k -> "--" + k).toList());
    }
    values.put(name, o.parse(value));
    raw.put(name, value);
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Option<T> option) {
    if (!known.containsKey(option.name())) {
      throw new IllegalStateException("option --" + option.name() + " is not part of this set");
    }
    return values.containsKey(option.name()) ? (T) values.get(option.name()) : option.defaultValue();
  }

  public boolean isSet(Option<?> option) {
    return values.containsKey(option.name());
  }

  public boolean helpRequested() {
    return help;
  }

  public List<String> positional() {
    return positional;
  }

  /** Every option as text, defaults included: the provenance a snapshot carries. */
  public Map<String, String> asText() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Option<?> o : known.values()) {
      out.put(o.name(), raw.getOrDefault(o.name(), o.defaultText()));
    }
    return out;
  }

  /** A --help text listing each option with its default and meaning. */
  public static String usage(String command, String summary, Collection<Option<?>> options) {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: ").append(command).append(" [--option value ...] [--config FILE]\n\n");
    sb.append(summary).append("\n\nOptions:\n");
    for (Option<?> o : options) {
      String head = "  --" + o.name();
      String def = o.defaultText();
      sb.append(head);
      int pad = Math.max(2, 34 - head.length());
      sb.append(" ".repeat(pad)).append(o.description());
      if (!def.isEmpty()) {
        sb.append(" (default: ").append(def).append(')');
      }
      sb.append('\n');
    }
    sb.append("  --config FILE").append(" ".repeat(21))
        .append("read options from a properties file (name=value); flags override it\n");
    sb.append("  --help").append(" ".repeat(28)).append("show this help\n");
    return sb.toString();
  }
}
