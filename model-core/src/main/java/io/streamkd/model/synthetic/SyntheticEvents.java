package io.streamkd.model.synthetic;

import io.streamkd.schemas.ClickEvent;
import io.streamkd.schemas.ImpressionEvent;
import java.time.Instant;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * An endless, deterministic stream of impression and click events drawn from a {@link SyntheticWorld}, in
 * event-time order: impressions every {@code 1000 / rate} ms of event time, and for each click an
 * exponentially distributed delay (capped below the attribution window, so every generated click is
 * attributable) and a post-click play time that grows with the hidden relevance.
 */
public final class SyntheticEvents {
  /** One event to send: either an impression or a click. */
  public record Event(long eventTime, ImpressionEvent impression, ClickEvent click, boolean clicked) {
    public boolean isImpression() {
      return impression != null;
    }
  }

  private final SyntheticWorld world;
  private final SplittableRandom rng;
  private final long startMillis;
  private final double intervalMs;
  private final long meanClickDelayMs;
  private final long maxClickDelayMs;
  private final PriorityQueue<Event> pendingClicks =
      new PriorityQueue<>((a, b) -> Long.compare(a.eventTime(), b.eventTime()));
  private Event nextImpression;
  private long impressions;
  private long clicks;

  /**
   * @param ratePerSecond impressions per second of event time
   * @param maxClickDelayMs clicks come at most this long after their impression
   */
  public SyntheticEvents(SyntheticWorld world, long startMillis, double ratePerSecond, long meanClickDelayMs,
      long maxClickDelayMs) {
    this.world = world;
    this.rng = new SplittableRandom(world.params().seed() * 31 + 17);
    this.startMillis = startMillis;
    this.intervalMs = 1000.0 / ratePerSecond;
    this.meanClickDelayMs = meanClickDelayMs;
    this.maxClickDelayMs = maxClickDelayMs;
  }

  public long impressions() {
    return impressions;
  }

  public long clicks() {
    return clicks;
  }

  private Event drawImpression() {
    long n = impressions++;
    long t = startMillis + (long) (n * intervalMs);
    SyntheticWorld.Impression im = world.next();
    String id = "imp-" + world.params().seed() + "-" + n;
    ImpressionEvent e = world.toEvent(im, id, "req-" + (n / 5), t);
    if (im.clicked()) {
      long delay = Math.min(maxClickDelayMs,
          (long) (-meanClickDelayMs * Math.log(1 - rng.nextDouble())) + 1);
      double playSeconds = Math.exp(2.0 + 0.6 * im.interaction() + 0.5 * SyntheticWorld.gaussian(rng));
      ClickEvent c = ClickEvent.newBuilder()
          .setImpressionId(id)
          .setEventTime(Instant.ofEpochMilli(t + delay))
          .setDwellTimeMs((long) (playSeconds * 1000))
          .setConverted(rng.nextDouble() < 0.05 + 0.1 * Math.max(0, im.interaction()))
          .setSignals(Map.of("play_ratio", (float) Math.min(1.0, playSeconds / 60.0)))
          .build();
      pendingClicks.add(new Event(t + delay, null, c, true));
    }
    return new Event(t, e, null, im.clicked());
  }

  /** The next event in event-time order. */
  public Event next() {
    if (nextImpression == null) {
      nextImpression = drawImpression();
    }
    Event click = pendingClicks.peek();
    if (click != null && click.eventTime() < nextImpression.eventTime()) {
      clicks++;
      return pendingClicks.poll();
    }
    Event e = nextImpression;
    nextImpression = null;
    return e;
  }

  /** Clicks still owed for impressions already returned (to drain at the end of a finite run). */
  public Event nextPendingClick() {
    Event e = pendingClicks.poll();
    if (e != null) {
      clicks++;
    }
    return e;
  }
}
