package io.streamkd.job.publish;

import io.streamkd.schemas.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to one topic in Avro single-object encoding, keyed by a field of the record (so that,
 * for example, every chunk of a model's snapshots lands in one partition, in order).
 *
 * @param <T> the record type
 */
public final class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  /** Extracts the Kafka key; null for no key. */
  public interface KeyFunction<T> extends java.io.Serializable {
    String key(T record);
  }

  private final String topic;
  private final io.streamkd.job.source.DecodeFunction.CodecSupplier<T> codecSupplier;
  private final KeyFunction<T> keyFunction;
  private transient WireCodec<T> codec;

  public AvroRecordSerializer(String topic, io.streamkd.job.source.DecodeFunction.CodecSupplier<T> codec,
      KeyFunction<T> keyFunction) {
    this.topic = topic;
    this.codecSupplier = codec;
    this.keyFunction = keyFunction;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(T element, KafkaRecordSerializationSchema.KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      codec = codecSupplier.get();
    }
    String key = keyFunction.key(element);
    return new ProducerRecord<>(topic, null, timestamp,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8), codec.encode(element));
  }
}
