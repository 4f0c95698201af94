package io.streamkd.job.source;

import io.streamkd.schemas.DeadLetter;
import io.streamkd.schemas.wire.DecodeException;
import io.streamkd.schemas.wire.WireCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.avro.specific.SpecificRecord;

/**
 * Decodes raw records. A record that does not decode does not fail the job: it becomes a {@link DeadLetter}
 * with its coordinates, its bytes and the reason, on {@link #DEAD_LETTERS}, and is counted.
 *
 * @param <T> the record type
 */
public final class DecodeFunction<T extends SpecificRecord> extends ProcessFunction<RawRecord, T> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters",
      new org.apache.flink.formats.avro.typeutils.AvroTypeInfo<>(DeadLetter.class));

  /** Codecs are not serializable; the function carries how to get one. */
  public interface CodecSupplier<T extends SpecificRecord> extends Supplier<WireCodec<T>>, java.io.Serializable {}

  private final CodecSupplier<T> codecSupplier;
  private transient WireCodec<T> codec;
  private transient Counter deadLetters;
  private transient Counter decoded;
  private transient org.apache.flink.api.common.accumulators.LongCounter busyNanos;

  public DecodeFunction(CodecSupplier<T> codecSupplier) {
    this.codecSupplier = codecSupplier;
  }

  @Override
  public void open(OpenContext ctx) {
    codec = codecSupplier.get();
    deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    decoded = getRuntimeContext().getMetricGroup().counter("decoded");
    busyNanos = new org.apache.flink.api.common.accumulators.LongCounter();
    getRuntimeContext().addAccumulator("decode.busyNanos", busyNanos);
  }

  @Override
  public void processElement(RawRecord r, Context ctx, Collector<T> out) {
    T value;
    long t0 = System.nanoTime();
    try {
      value = codec.decode(r.value);
      busyNanos.add(System.nanoTime() - t0);
    } catch (DecodeException e) {
      deadLetters.inc();
      ctx.output(DEAD_LETTERS, DeadLetter.newBuilder()
          .setSourceTopic(r.topic)
          .setPartition(r.partition)
          .setOffset(r.offset)
          .setTimestamp(Instant.ofEpochMilli(Math.max(0, r.timestamp)))
          .setRaw(ByteBuffer.wrap(r.value == null ? new byte[0] : r.value))
          .setReason(e.getMessage())
          .build());
      return;
    }
    decoded.inc();
    out.collect(value);
  }
}
