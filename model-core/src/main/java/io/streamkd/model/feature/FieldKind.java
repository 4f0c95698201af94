package io.streamkd.model.feature;

/** What a field holds: categorical values (embedded) or one numeric value (fed as is after its transform). */
public enum FieldKind {
  CATEGORICAL,
  NUMERIC
}
