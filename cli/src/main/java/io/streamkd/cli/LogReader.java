package io.streamkd.cli;

import io.streamkd.model.feature.Example;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a labeled log (CSV/TSV with a header, or the header-less Criteo layout {@code label, I1..I13,
 * C1..C26}) into examples in stream order: by the event-time column when one is named (stable, so ties keep
 * file order), else file order. A row that cannot be parsed is counted and remembered with its line number
 * and reason; with {@code strict} it fails the read.
 */
final class LogReader {
  /** Which columns are what. Numeric and categorical column sets are disjoint; privileged ⊆ either. */
  record Layout(char delimiter, boolean header, String label, List<String> categorical, List<String> numeric,
      String time) {}

  record BadRow(long line, String reason) {}

  record Result(List<Example> examples, long badRows, List<BadRow> firstBadRows, List<String> columns) {}

  static final List<String> CRITEO_COLUMNS;

  static {
    List<String> c = new ArrayList<>();
    c.add("label");
    for (int i = 1; i <= 13; i++) {
      c.add("I" + i);
    }
    for (int i = 1; i <= 26; i++) {
      c.add("C" + i);
    }
    CRITEO_COLUMNS = List.copyOf(c);
  }

  private LogReader() {}

  static Result read(Path file, Layout layout, boolean strict) throws IOException {
    List<Example> out = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    List<BadRow> bad = new ArrayList<>();
    long badCount = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      List<String> columns;
      long line = 0;
      if (layout.header()) {
        String h = r.readLine();
        line++;
        if (h == null) {
          throw new IllegalArgumentException(file + " is empty: expected a header line");
        }
        columns = Arrays.asList(split(h, layout.delimiter()));
      } else {
        columns = CRITEO_COLUMNS;
      }
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        index.put(columns.get(i).trim(), i);
      }
      int labelIdx = need(index, layout.label(), "--label", columns);
      int[] catIdx = layout.categorical().stream().mapToInt(c -> need(index, c, "--categorical", columns)).toArray();
      int[] numIdx = layout.numeric().stream().mapToInt(c -> need(index, c, "--numeric", columns)).toArray();
      int timeIdx = layout.time() == null ? -1 : need(index, layout.time(), "--time", columns);
      String row;
      while ((row = r.readLine()) != null) {
        line++;
        if (row.isBlank()) {
          continue;
        }
        String[] f = split(row, layout.delimiter());
        String reason = null;
        Example e = null;
        long t = line;
        if (f.length != columns.size()) {
          reason = f.length + " fields, the header has " + columns.size();
        } else {
          try {
            float label = parseLabel(f[labelIdx].trim());
            Map<String, List<String>> cat = new HashMap<>();
            for (int k = 0; k < catIdx.length; k++) {
              String v = f[catIdx[k]].trim();
              if (!v.isEmpty()) {
                cat.put(layout.categorical().get(k), List.of(v));
              }
            }
            Map<String, Float> num = new HashMap<>();
            for (int k = 0; k < numIdx.length; k++) {
              String v = f[numIdx[k]].trim();
              if (!v.isEmpty()) {
                try {
                  num.put(layout.numeric().get(k), Float.parseFloat(v));
                } catch (NumberFormatException ex) {
                  throw new IllegalArgumentException("column " + layout.numeric().get(k) + ": '" + v + "' is not a number");
                }
              }
            }
            if (timeIdx >= 0) {
              try {
                t = Long.parseLong(f[timeIdx].trim());
              } catch (NumberFormatException ex) {
                t = (long) Double.parseDouble(f[timeIdx].trim());
              }
            }
            e = new Example(label, 1f, t, cat, num);
          } catch (IllegalArgumentException ex) {
            reason = ex.getMessage();
          }
        }
        if (reason != null) {
          badCount++;
          if (strict) {
            throw new IllegalArgumentException(file + " line " + line + ": " + reason + " (--strict)");
          }
          if (bad.size() < 10) {
            bad.add(new BadRow(line, reason));
          }
          continue;
        }
        out.add(e);
        times.add(t);
      }
      if (timeIdx >= 0) {
        Integer[] order = new Integer[out.size()];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(times::get)); // stable: ties keep file order
        List<Example> sorted = new ArrayList<>(out.size());
        for (Integer i : order) {
          sorted.add(out.get(i));
        }
        out = sorted;
      }
      return new Result(out, badCount, bad, columns);
    }
  }

  private static int need(Map<String, Integer> index, String col, String flag, List<String> columns) {
    Integer i = index.get(col);
    if (i == null) {
      throw new io.streamkd.model.config.ConfigException(flag + ": no column '" + col + "'. Columns: " + columns);
    }
    return i;
  }

  private static float parseLabel(String s) {
    switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "1", "1.0", "true", "yes" -> {
        return 1f;
      }
      case "0", "0.0", "false", "no", "-1" -> {
        return 0f;
      }
      default -> throw new IllegalArgumentException("label '" + s + "' is not 0/1");
    }
  }

  /** Splits on the delimiter, honouring double quotes (RFC 4180 style, "" inside quotes). */
  static String[] split(String line, char delim) {
    if (line.indexOf('"') < 0) {
      return line.split(java.util.regex.Pattern.quote(String.valueOf(delim)), -1);
    }
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delim) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out.toArray(new String[0]);
  }
}
