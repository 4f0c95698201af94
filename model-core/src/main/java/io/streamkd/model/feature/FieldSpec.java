package io.streamkd.model.feature;

import java.util.Objects;

/**
 * One named input field.
 *
 * @param name field name as it appears in events
 * @param kind categorical or numeric
 * @param role shared (served) or privileged (teacher only)
 * @param transform numeric transform; {@link NumericTransform#NONE} for categorical fields
 */
public record FieldSpec(String name, FieldKind kind, FieldRole role, NumericTransform transform) {
  public FieldSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(transform, "transform");
    if (name.isBlank()) {
      throw new IllegalArgumentException("field name must not be blank");
    }
    if (kind == FieldKind.CATEGORICAL && transform != NumericTransform.NONE) {
      throw new IllegalArgumentException(
          "field '" + name + "' is categorical; a numeric transform makes no sense for it");
    }
  }

  public static FieldSpec categorical(String name, FieldRole role) {
    return new FieldSpec(name, FieldKind.CATEGORICAL, role, NumericTransform.NONE);
  }

  public static FieldSpec numeric(String name, FieldRole role, NumericTransform transform) {
    return new FieldSpec(name, FieldKind.NUMERIC, role, transform);
  }

  public boolean shared() {
    return role == FieldRole.SHARED;
  }

  public boolean categorical() {
    return kind == FieldKind.CATEGORICAL;
  }
}
