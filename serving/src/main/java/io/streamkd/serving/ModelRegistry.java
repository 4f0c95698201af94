package io.streamkd.serving;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live model per model id. Scoring reads without locks ({@link ConcurrentHashMap#get}); the follower
 * swaps a whole {@link LoadedModel} atomically, and only for a strictly newer version.
 */
public final class ModelRegistry {
  private final ConcurrentHashMap<String, LoadedModel> models = new ConcurrentHashMap<>();

  public Optional<LoadedModel> get(String modelId) {
    return Optional.ofNullable(models.get(modelId));
  }

  public Collection<LoadedModel> all() {
    return models.values();
  }

  /** Installs the model if it is newer than the current one; returns whether it was installed. */
  public boolean swapIfNewer(LoadedModel candidate) {
    boolean[] installed = {false};
    models.compute(candidate.modelId(), (id, current) -> {
      if (current == null || candidate.version() > current.version()) {
        installed[0] = true;
        return candidate;
      }
      return current;
    });
    return installed[0];
  }

  public boolean isEmpty() {
    return models.isEmpty();
  }
}
