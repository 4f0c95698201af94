package io.streamkd.schemas.wire;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Avro single-object encoding. Bad bytes raise a {@link SerializationException}
 * whose message is the {@link DecodeException} reason and topic; consumers that must not stop on them read
 * raw bytes and call {@link WireCodec#decode} themselves (the Flink job and the snapshot follower do).
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final WireCodec<T> codec;

  public AvroDeserializer(WireCodec<T> codec) {
    this.codec = codec;
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return codec.decode(data);
    } catch (DecodeException e) {
      throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
    }
  }
}
