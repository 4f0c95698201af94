package io.streamkd.job.join;

import io.streamkd.schemas.ClickEvent;
import io.streamkd.schemas.ImpressionEvent;
import io.streamkd.schemas.LabeledExample;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins impressions and clicks on the impression id, in event time, into labeled examples.
 *
 * <ul>
 *   <li>The first click at most W (the attribution window) after its impression makes a positive at once,
 *       carrying the click.
 *   <li>An impression without such a click becomes a negative when its event-time timer at t + W fires.
 *   <li>Duplicate clicks on a positive are ignored (counted). A click after its impression was emitted as
 *       a negative, or outside the window, is late: counted and sent to {@link #LATE_CLICKS}. A click whose
 *       impression does not arrive within W of the click is an orphan: counted, sent to {@link
 *       #ORPHAN_CLICKS}. Nothing is dropped silently.
 * </ul>
 *
 * <p>State per impression id: the pending impression, a click that came before its impression, and a
 * small status kept for {@code late-click-grace} after the impression is done (to tell late and duplicate
 * clicks apart). Timers clear all of it; a TTL bounds anything a timer could miss (a key whose timers were
 * lost to a bug), so the state cannot leak.
 */
public final class ClickAttributionJoin
    extends KeyedCoProcessFunction<String, ImpressionEvent, ClickEvent, LabeledExample> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<ClickEvent> LATE_CLICKS =
      new OutputTag<>("late-clicks", new AvroTypeInfo<>(ClickEvent.class));
  public static final OutputTag<ClickEvent> ORPHAN_CLICKS =
      new OutputTag<>("orphan-clicks", new AvroTypeInfo<>(ClickEvent.class));

  static final byte POSITIVE = 1;
  static final byte NEGATIVE = 2;

  private final long windowMs;
  private final long graceMs;
  private final String defaultModelId;
  private final boolean positivesAtWindowClose;

  private transient ValueState<ImpressionEvent> impression;
  private transient ValueState<ClickEvent> earlyClick;
  private transient ValueState<ClickEvent> attributedClick;
  /**
   * The outcome of a finished impression and when to forget it, in one long (one state access instead of
   * two on the hottest path of the job): {@code cleanupTime * 4 + outcome}.
   */
  private transient ValueState<Long> done;
  private transient Counter positives;
  private transient Counter negatives;
  private transient Counter duplicateClicks;
  private transient Counter duplicateImpressions;
  private transient Counter lateClicks;
  private transient Counter orphanClicks;
  /** Time inside this function (state access included), for the end-to-end profile. */
  private transient org.apache.flink.api.common.accumulators.LongCounter busyNanos;

  public ClickAttributionJoin(Duration window, Duration lateClickGrace, String defaultModelId) {
    this(window, lateClickGrace, defaultModelId, false);
  }

  /**
   * @param positivesAtWindowClose hold positives until the window closes, like negatives: labels then leave
   *     in event-time order even when a backlog is replayed (the watermark jumps, and positives emitted at once
   *     would reach the trainer in clumps ahead of their negatives), at the cost of W of label latency
   */
  public ClickAttributionJoin(
      Duration window, Duration lateClickGrace, String defaultModelId, boolean positivesAtWindowClose) {
    this.windowMs = window.toMillis();
    this.graceMs = lateClickGrace.toMillis();
    this.defaultModelId = defaultModelId;
    this.positivesAtWindowClose = positivesAtWindowClose;
  }

  @Override
  public void open(OpenContext ctx) {
    // Safety net only: timers clear every key. Processing-time TTL well beyond any event-time lifetime.
    StateTtlConfig ttl = StateTtlConfig.newBuilder(
            Duration.ofMillis(Math.max(Duration.ofHours(1).toMillis(), 10 * (windowMs + graceMs))))
        .build();
    impression = state("impression", new AvroTypeInfo<>(ImpressionEvent.class), ttl);
    earlyClick = state("early-click", new AvroTypeInfo<>(ClickEvent.class), ttl);
    attributedClick = state("attributed-click", new AvroTypeInfo<>(ClickEvent.class), ttl);
    done = state("done", Types.LONG, ttl);
    var g = getRuntimeContext().getMetricGroup();
    positives = g.counter("positives");
    negatives = g.counter("negatives");
    duplicateClicks = g.counter("duplicateClicks");
    duplicateImpressions = g.counter("duplicateImpressions");
    lateClicks = g.counter("lateClicks");
    orphanClicks = g.counter("orphanClicks");
    busyNanos = new org.apache.flink.api.common.accumulators.LongCounter();
    getRuntimeContext().addAccumulator("join.busyNanos", busyNanos);
  }

  private <T> ValueState<T> state(
      String name, org.apache.flink.api.common.typeinfo.TypeInformation<T> type, StateTtlConfig ttl) {
    ValueStateDescriptor<T> d = new ValueStateDescriptor<>(name, type);
    d.enableTimeToLive(ttl);
    return getRuntimeContext().getState(d);
  }

  private static long time(ImpressionEvent e) {
    return e.getEventTime().toEpochMilli();
  }

  private static long time(ClickEvent e) {
    return e.getEventTime().toEpochMilli();
  }

  private boolean attributable(ImpressionEvent imp, ClickEvent click) {
    // A click stamped a little before its impression is clock skew between services, not a reason to drop it.
    return time(click) <= time(imp) + windowMs;
  }

  @Override
  public void processElement1(ImpressionEvent imp, Context ctx, Collector<LabeledExample> out)
      throws Exception {
    timed(() -> onImpression(imp, ctx, out));
  }

  /** An action of this function, timed into the profile's {@code join.busyNanos}. */
  private interface Action {
    void run() throws Exception;
  }

  private void timed(Action a) throws Exception {
    long t0 = System.nanoTime();
    try {
      a.run();
    } finally {
      busyNanos.add(System.nanoTime() - t0);
    }
  }

  private void onImpression(ImpressionEvent imp, Context ctx, Collector<LabeledExample> out) throws Exception {
    if (done.value() != null || impression.value() != null) {
      duplicateImpressions.inc();
      return;
    }
    ClickEvent early = earlyClick.value();
    if (early != null) {
      earlyClick.clear();
      ctx.timerService().deleteEventTimeTimer(time(early) + windowMs);
      if (attributable(imp, early)) {
        if (positivesAtWindowClose) {
          attributedClick.update(early);
        } else {
          emit(imp, early, out);
          finish(ctx, POSITIVE, time(imp) + windowMs + graceMs);
          return;
        }
      } else {
        lateClicks.inc();
        ctx.output(LATE_CLICKS, early);
      }
      impression.update(imp);
      ctx.timerService().registerEventTimeTimer(time(imp) + windowMs);
      return;
    }
    impression.update(imp);
    ctx.timerService().registerEventTimeTimer(time(imp) + windowMs);
  }

  @Override
  public void processElement2(ClickEvent click, Context ctx, Collector<LabeledExample> out)
      throws Exception {
    timed(() -> onClick(click, ctx, out));
  }

  private void onClick(ClickEvent click, Context ctx, Collector<LabeledExample> out) throws Exception {
    Long d = done.value();
    if (d != null) {
      if ((d & 3) == POSITIVE) {
        duplicateClicks.inc();
      } else {
        lateClicks.inc();
        ctx.output(LATE_CLICKS, click);
      }
      return;
    }
    ImpressionEvent imp = impression.value();
    if (imp == null) {
      if (earlyClick.value() == null) {
        earlyClick.update(click);
        ctx.timerService().registerEventTimeTimer(time(click) + windowMs);
      } else {
        duplicateClicks.inc();
      }
      return;
    }
    if (attributable(imp, click) && positivesAtWindowClose) {
      if (attributedClick.value() == null) {
        attributedClick.update(click);
      } else {
        duplicateClicks.inc();
      }
    } else if (attributable(imp, click)) {
      impression.clear();
      ctx.timerService().deleteEventTimeTimer(time(imp) + windowMs);
      emit(imp, click, out);
      finish(ctx, POSITIVE, time(imp) + windowMs + graceMs);
    } else {
      // The watermark has not yet closed the window, but this click is past it.
      lateClicks.inc();
      ctx.output(LATE_CLICKS, click);
    }
  }

  @Override
  public void onTimer(long ts, OnTimerContext ctx, Collector<LabeledExample> out) throws Exception {
    timed(() -> fire(ts, ctx, out));
  }

  private void fire(long ts, OnTimerContext ctx, Collector<LabeledExample> out) throws Exception {
    ImpressionEvent imp = impression.value();
    if (imp != null && ts >= time(imp) + windowMs) {
      impression.clear();
      ClickEvent click = null;
      if (positivesAtWindowClose) {
        click = attributedClick.value();
        attributedClick.clear();
      }
      emit(imp, click, out);
      finish(ctx, click != null ? POSITIVE : NEGATIVE, time(imp) + windowMs + graceMs);
      return;
    }
    ClickEvent early = earlyClick.value();
    if (early != null && imp == null && ts >= time(early) + windowMs) {
      earlyClick.clear();
      orphanClicks.inc();
      ctx.output(ORPHAN_CLICKS, early);
      return;
    }
    Long d = done.value();
    if (d != null && ts >= (d >> 2)) {
      done.clear();
    }
  }

  private void finish(Context ctx, byte outcome, long cleanup) throws Exception {
    done.update(cleanup * 4 + outcome);
    ctx.timerService().registerEventTimeTimer(cleanup);
  }

  private void emit(ImpressionEvent imp, ClickEvent click, Collector<LabeledExample> out) {
    if (click != null) {
      positives.inc();
    } else {
      negatives.inc();
    }
    out.collect(LabeledExample.newBuilder()
        .setModelId(imp.getModelId() != null ? imp.getModelId() : defaultModelId)
        .setImpression(imp)
        .setLabel(click != null)
        .setWeight(1f)
        .setClick(click)
        .build());
  }
}
