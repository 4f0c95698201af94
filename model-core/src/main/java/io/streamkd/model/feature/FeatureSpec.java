package io.streamkd.model.feature;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ordered list of input fields. Field order fixes the layout of the network inputs and the field index
 * in every embedding row key, so it is part of the model: a spec is never reordered once training started.
 *
 * <p>The compact text form, used by flags and config files, is a comma-separated list of {@code
 * name:kind[:role][:transform]} with kind {@code cat|num}, role {@code shared|privileged} (default shared)
 * and transform {@code none|log1p|standardize|log1p_standardize} (default none), for example {@code
 * user:cat,item:cat,price:num:log1p_standardize,offline_score:num:privileged:standardize}.
 */
public final class FeatureSpec {
  private final List<FieldSpec> fields;

  public FeatureSpec(List<FieldSpec> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a feature spec needs at least one field");
    }
    if (fields.size() > RowKeys.MAX_FIELDS) {
      throw new IllegalArgumentException(
          "at most " + RowKeys.MAX_FIELDS + " fields are supported, got " + fields.size());
    }
    Set<String> names = new HashSet<>();
    for (FieldSpec f : fields) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("field '" + f.name() + "' is declared twice");
      }
    }
    if (fields.stream().noneMatch(FieldSpec::shared)) {
      throw new IllegalArgumentException(
          "the student needs at least one shared field; all fields are privileged");
    }
    this.fields = List.copyOf(fields);
  }

  public static FeatureSpec parse(String text) {
    List<FieldSpec> out = new ArrayList<>();
    for (String item : text.split(",")) {
      String t = item.trim();
      if (t.isEmpty()) {
        continue;
      }
      String[] p = t.split(":");
      if (p.length < 2 || p.length > 4) {
        throw new IllegalArgumentException(
            "feature '" + t + "' must look like name:cat|num[:shared|privileged][:transform]");
      }
      String name = p[0].trim();
      String kind = p[1].trim().toLowerCase(Locale.ROOT);
      FieldRole role = FieldRole.SHARED;
      NumericTransform transform = NumericTransform.NONE;
      for (int i = 2; i < p.length; i++) {
        String opt = p[i].trim().toLowerCase(Locale.ROOT);
        if (opt.equals("shared")) {
          role = FieldRole.SHARED;
        } else if (opt.equals("privileged")) {
          role = FieldRole.PRIVILEGED;
        } else {
          transform = NumericTransform.parse(opt);
        }
      }
      switch (kind) {
        case "cat" -> out.add(new FieldSpec(name, FieldKind.CATEGORICAL, role, transform));
        case "num" -> out.add(new FieldSpec(name, FieldKind.NUMERIC, role, transform));
        default -> throw new IllegalArgumentException(
            "feature '" + t + "': kind '" + p[1] + "' is not one of [cat, num]");
      }
    }
    return new FeatureSpec(out);
  }

  /** The compact text form, parseable by {@link #parse}. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    for (FieldSpec f : fields) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(f.name()).append(':').append(f.categorical() ? "cat" : "num");
      sb.append(':').append(f.shared() ? "shared" : "privileged");
      if (!f.categorical()) {
        sb.append(':').append(f.transform().flagValue());
      }
    }
    return sb.toString();
  }

  public List<FieldSpec> fields() {
    return fields;
  }

  public int size() {
    return fields.size();
  }

  public FieldSpec field(int index) {
    return fields.get(index);
  }

  public int indexOf(String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureSpec other && other.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return format();
  }
}
