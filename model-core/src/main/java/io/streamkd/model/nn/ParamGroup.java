package io.streamkd.model.nn;

/**
 * Who owns a dense parameter block. Gradient blocking is stated in these terms: {@link #TEACHER} blocks get
 * gradients from the teacher loss only (unless blocking is switched off); {@link #STUDENT} blocks (the
 * student network and the hint projection) from the student, distillation and hint losses. Shared
 * embeddings are not dense blocks; they live in an {@code EmbeddingStore}.
 */
public enum ParamGroup {
  TEACHER,
  STUDENT
}
