package io.streamkd.model.events;

import io.streamkd.model.feature.Example;
import io.streamkd.schemas.ClickEvent;
import io.streamkd.schemas.Features;
import io.streamkd.schemas.ImpressionEvent;
import io.streamkd.schemas.LabeledExample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How events become model inputs — the one mapping used by the Flink job, {@code eval} and serving, so the
 * three see the same fields:
 *
 * <ul>
 *   <li>categorical {@code user_id}, {@code item_id}, {@code position} (as a string) and, when set, {@code
 *       scenario};
 *   <li>every entry of {@code shared_features} and {@code privileged_features} under its own name (the
 *       feature spec decides which fields the student may read, not the map a value came in);
 *   <li>for an attributed click, numeric {@code click_dwell_time_ms}, {@code click_converted} and {@code
 *       click_<signal>}. These exist only for positives, so they give the label away: a spec should name
 *       them only to demonstrate leakage.
 * </ul>
 */
public final class EventMapping {
  public static final String USER_ID = "user_id";
  public static final String ITEM_ID = "item_id";
  public static final String POSITION = "position";
  public static final String SCENARIO = "scenario";

  private EventMapping() {}

  public static Example toExample(LabeledExample e) {
    return toExample(e.getImpression(), e.getLabel() ? 1f : 0f, e.getWeight(), e.getClick());
  }

  /** An impression as an example to score (label 0, weight 1). */
  public static Example toExample(ImpressionEvent imp) {
    return toExample(imp, 0f, 1f, null);
  }

  public static Example toExample(ImpressionEvent imp, float label, float weight, ClickEvent click) {
    Map<String, List<String>> cat = new HashMap<>();
    Map<String, Float> num = new HashMap<>();
    cat.put(USER_ID, List.of(imp.getUserId()));
    cat.put(ITEM_ID, List.of(imp.getItemId()));
    cat.put(POSITION, List.of(Integer.toString(imp.getPosition())));
    if (imp.getScenario() != null) {
      cat.put(SCENARIO, List.of(imp.getScenario()));
    }
    addAll(imp.getSharedFeatures(), cat, num);
    addAll(imp.getPrivilegedFeatures(), cat, num);
    if (click != null) {
      if (click.getDwellTimeMs() != null) {
        num.put("click_dwell_time_ms", (float) click.getDwellTimeMs());
      }
      num.put("click_converted", click.getConverted() ? 1f : 0f);
      click.getSignals().forEach((k, v) -> num.put("click_" + k, v));
    }
    return new Example(label, weight, imp.getEventTime().toEpochMilli(), cat, num);
  }

  private static void addAll(Features f, Map<String, List<String>> cat, Map<String, Float> num) {
    if (f == null) {
      return;
    }
    f.getCategorical().forEach((k, v) -> cat.put(k, v));
    num.putAll(f.getNumeric());
  }
}
