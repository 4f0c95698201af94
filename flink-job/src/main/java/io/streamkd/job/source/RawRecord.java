package io.streamkd.job.source;

/**
 * A Kafka record's value with its coordinates, before decoding: what a dead letter needs to point at the
 * bad record. A Flink POJO (public fields, no-arg constructor), so no Kryo.
 */
public class RawRecord {
  public String topic;
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] value;

  public RawRecord() {}

  public RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.value = value;
  }
}
