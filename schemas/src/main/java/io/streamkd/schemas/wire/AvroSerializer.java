package io.streamkd.schemas.wire;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.avro.specific.SpecificRecord;

/** Kafka serializer writing Avro single-object encoding. */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private final WireCodec<T> codec;

  public AvroSerializer(WireCodec<T> codec) {
    this.codec = codec;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : codec.encode(data);
  }
}
