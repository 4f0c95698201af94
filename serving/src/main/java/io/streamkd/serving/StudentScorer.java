package io.streamkd.serving;

import io.streamkd.model.events.EventMapping;
import io.streamkd.model.feature.Example;
import io.streamkd.schemas.ImpressionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-process scoring API, for embedding StreamKD's student in another JVM service without HTTP.
 * Thread-safe and lock-free: each call reads the current model once, so a batch is scored by one model
 * version even while a new snapshot is swapped in.
 */
public final class StudentScorer {
  /** Scores of a batch and the model version that produced them. */
  public record Scores(String modelId, long modelVersion, float[] probabilities) {}

  /** No model with that id is loaded (yet). */
  public static final class UnknownModelException extends RuntimeException {
    public UnknownModelException(String modelId) {
      super("model '" + modelId + "' is not loaded");
    }
  }

  private final ModelRegistry registry;

  public StudentScorer(ModelRegistry registry) {
    this.registry = registry;
  }

  public Scores score(String modelId, List<Example> examples) {
    LoadedModel m = registry.get(modelId).orElseThrow(() -> new UnknownModelException(modelId));
    return new Scores(modelId, m.version(), m.model().score(examples));
  }

  public Scores scoreImpressions(String modelId, List<ImpressionEvent> impressions) {
    List<Example> examples = new ArrayList<>(impressions.size());
    for (ImpressionEvent e : impressions) {
      examples.add(EventMapping.toExample(e));
    }
    return score(modelId, examples);
  }

  public ModelRegistry registry() {
    return registry;
  }
}
