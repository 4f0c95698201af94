package io.streamkd.model.snapshot;

import io.streamkd.model.student.StudentModel;
import io.streamkd.model.student.StudentModelCodec;
import io.streamkd.schemas.SnapshotField;
import io.streamkd.schemas.SnapshotMetrics;
import io.streamkd.schemas.SnapshotProvenance;
import io.streamkd.schemas.StudentSnapshot;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Turns a {@link StudentModel} into {@code StudentSnapshot} messages and back: the contract between the
 * training side (which splits) and serving (which reassembles with {@link SnapshotAssembler}). A snapshot
 * larger than one Kafka message is cut into chunks that all carry the metadata; the parameters' CRC-32C
 * covers the reassembled whole.
 */
public final class Snapshots {
  /** Parameter bytes per chunk by default: well under Kafka's 1 MB default message limit. */
  public static final int DEFAULT_MAX_CHUNK_BYTES = 512 * 1024;

  private Snapshots() {}

  /** What a snapshot says about itself besides the parameters. */
  public record Metadata(
      String modelId,
      long modelVersion,
      Instant createdAt,
      long trainingStep,
      double lambda,
      SnapshotMetrics metrics,
      Map<String, String> config,
      long seed,
      Map<String, Long> sourceOffsets) {}

  public static long checksum(byte[] parameters) {
    CRC32C crc = new CRC32C();
    crc.update(parameters);
    return crc.getValue();
  }

  public static List<StudentSnapshot> split(StudentModel model, Metadata meta, int maxChunkBytes) {
    if (maxChunkBytes <= 0) {
      throw new IllegalArgumentException("maxChunkBytes must be > 0 but was " + maxChunkBytes);
    }
    byte[] params = StudentModelCodec.encode(model);
    long crc = checksum(params);
    int count = Math.max(1, (params.length + maxChunkBytes - 1) / maxChunkBytes);
    String snapshotId = meta.modelId() + "-v" + meta.modelVersion();
    List<SnapshotField> fields = new ArrayList<>();
    for (StudentModel.Field f : model.fields()) {
      fields.add(new SnapshotField(f.spec().name(), f.spec().kind().name().toLowerCase(Locale.ROOT),
          f.spec().transform().flagValue()));
    }
    List<StudentSnapshot> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int from = i * maxChunkBytes;
      int to = Math.min(params.length, from + maxChunkBytes);
      out.add(StudentSnapshot.newBuilder()
          .setModelId(meta.modelId())
          .setFormatVersion(StudentModelCodec.FORMAT_VERSION)
          .setModelVersion(meta.modelVersion())
          .setCreatedAt(meta.createdAt())
          .setTrainingStep(meta.trainingStep())
          .setLambda(meta.lambda())
          .setFeatureSpec(fields)
          .setArchitecture(model.describe())
          .setMetrics(meta.metrics())
          .setProvenance(new SnapshotProvenance(meta.config(), meta.seed(), meta.sourceOffsets()))
          .setParameters(ByteBuffer.wrap(params, from, to - from).slice())
          .setChecksum(crc)
          .setSnapshotId(snapshotId)
          .setChunkIndex(i)
          .setChunkCount(count)
          .build());
    }
    return out;
  }
}
