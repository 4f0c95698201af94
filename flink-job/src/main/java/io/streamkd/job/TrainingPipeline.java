package io.streamkd.job;

import io.streamkd.job.config.JobConfig;
import io.streamkd.job.config.JobOptions;
import io.streamkd.job.join.ClickAttributionJoin;
import io.streamkd.job.source.DecodeFunction;
import io.streamkd.job.source.RawRecord;
import io.streamkd.job.training.JointTrainerOperator;
import io.streamkd.schemas.ClickEvent;
import io.streamkd.schemas.DeadLetter;
import io.streamkd.schemas.ImpressionEvent;
import io.streamkd.schemas.LabeledExample;
import io.streamkd.schemas.StudentSnapshot;
import io.streamkd.schemas.wire.Codecs;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The job's dataflow, independent of where records come from and go to (Kafka in production, anything in
 * tests):
 *
 * <pre>
 *   impressions ─decode─┐                                 ┌─▶ student snapshots
 *                        ├─ keyBy(impression id) ─ join ─ keyBy(model id) ─ train ─┘
 *   clicks ─────decode─┘        │                  └─▶ late / orphan clicks
 *        └──────────────────────┴─▶ dead letters (undecodable records, with reasons)
 * </pre>
 *
 * Every stateful operator has a stable uid, so savepoints survive refactoring.
 */
public final class TrainingPipeline {
  /** The streams a built pipeline produces. */
  public record Outputs(
      DataStream<StudentSnapshot> snapshots,
      DataStream<DeadLetter> deadLetters,
      DataStream<LabeledExample> examples,
      DataStream<ClickEvent> unattributedClicks) {}

  private TrainingPipeline() {}

  public static Outputs build(JobConfig cfg, DataStream<RawRecord> impressionsRaw, DataStream<RawRecord> clicksRaw) {
    Duration ooo = cfg.get(JobOptions.OUT_OF_ORDERNESS);
    Duration idle = cfg.get(JobOptions.IDLENESS);

    SingleOutputStreamOperator<ImpressionEvent> impressions = impressionsRaw
        .process(new DecodeFunction<>(() -> Codecs.IMPRESSION), new AvroTypeInfo<>(ImpressionEvent.class))
        .name("decode impressions").uid("decode-impressions");
    SingleOutputStreamOperator<ClickEvent> clicks = clicksRaw
        .process(new DecodeFunction<>(() -> Codecs.CLICK), new AvroTypeInfo<>(ClickEvent.class))
        .name("decode clicks").uid("decode-clicks");
    DataStream<DeadLetter> deadLetters = impressions.getSideOutput(DecodeFunction.DEAD_LETTERS)
        .union(clicks.getSideOutput(DecodeFunction.DEAD_LETTERS));

    DataStream<ImpressionEvent> timedImpressions = impressions.assignTimestampsAndWatermarks(
            WatermarkStrategy.<ImpressionEvent>forBoundedOutOfOrderness(ooo)
                .withTimestampAssigner((e, ts) -> e.getEventTime().toEpochMilli())
                .withIdleness(idle))
        .name("impression watermarks").uid("impression-watermarks");
    DataStream<ClickEvent> timedClicks = clicks.assignTimestampsAndWatermarks(
            WatermarkStrategy.<ClickEvent>forBoundedOutOfOrderness(ooo)
                .withTimestampAssigner((e, ts) -> e.getEventTime().toEpochMilli())
                .withIdleness(idle))
        .name("click watermarks").uid("click-watermarks");

    SingleOutputStreamOperator<LabeledExample> examples = timedImpressions
        .connect(timedClicks)
        .keyBy(ImpressionEvent::getImpressionId, ClickEvent::getImpressionId)
        .process(new ClickAttributionJoin(cfg.get(JobOptions.ATTRIBUTION_WINDOW),
                cfg.get(JobOptions.LATE_CLICK_GRACE), cfg.get(JobOptions.DEFAULT_MODEL_ID),
                cfg.get(JobOptions.EMIT_POSITIVES).equals("at-window-close")),
            new AvroTypeInfo<>(LabeledExample.class))
        .name("click attribution join").uid("click-attribution-join");
    DataStream<ClickEvent> unattributed = examples.getSideOutput(ClickAttributionJoin.LATE_CLICKS)
        .union(examples.getSideOutput(ClickAttributionJoin.ORPHAN_CLICKS));

    SingleOutputStreamOperator<StudentSnapshot> snapshots = examples
        .keyBy(LabeledExample::getModelId)
        .transform("joint teacher-student trainer", new AvroTypeInfo<>(StudentSnapshot.class),
            new JointTrainerOperator(cfg))
        .uid("joint-trainer");
    return new Outputs(snapshots, deadLetters, examples, unattributed);
  }
}
