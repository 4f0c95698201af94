package io.streamkd.model.feature;

/**
 * Whether a field is known when the student serves ({@link #SHARED}) or only in training logs ({@link
 * #PRIVILEGED}: an offline fine-ranker score, user×item interaction counts, post-click signals). Privileged
 * fields feed the teacher only (Xu et al., "Privileged Features Distillation at Taobao", KDD 2020).
 */
public enum FieldRole {
  SHARED,
  PRIVILEGED
}
