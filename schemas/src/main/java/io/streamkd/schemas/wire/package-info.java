/**
 * The wire format of every StreamKD topic: Avro single-object encoding with registry-free schema
 * resolution ({@link io.streamkd.schemas.wire.WireCodec}), the codecs of each record type ({@link
 * io.streamkd.schemas.wire.Codecs}) and Kafka serdes.
 */
package io.streamkd.schemas.wire;
