package io.streamkd.serving;

import io.streamkd.model.student.StudentModel;
import io.streamkd.schemas.StudentSnapshot;
import java.time.Instant;

/**
 * A served model: the student and the snapshot metadata it came with (parameters dropped). Immutable, fully
 * built before it is published to the registry, so a scoring thread sees either the old or the new model,
 * never a half-loaded one.
 *
 * @param metadata the snapshot's metadata (its parameters field emptied)
 * @param loadedAt when this process swapped it in
 */
public record LoadedModel(StudentModel model, StudentSnapshot metadata, Instant loadedAt) {
  public String modelId() {
    return metadata.getModelId();
  }

  public long version() {
    return metadata.getModelVersion();
  }
}
