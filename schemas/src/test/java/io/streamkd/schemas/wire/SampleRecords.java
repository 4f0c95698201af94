package io.streamkd.schemas.wire;

import io.streamkd.schemas.ClickEvent;
import io.streamkd.schemas.DeadLetter;
import io.streamkd.schemas.Features;
import io.streamkd.schemas.ImpressionEvent;
import io.streamkd.schemas.SnapshotField;
import io.streamkd.schemas.SnapshotMetrics;
import io.streamkd.schemas.SnapshotProvenance;
import io.streamkd.schemas.StudentSnapshot;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One fully populated record of each type. */
public final class SampleRecords {
  private SampleRecords() {}

  public static ImpressionEvent impression() {
    return ImpressionEvent.newBuilder()
        .setImpressionId("imp-1")
        .setRequestId("req-1")
        .setUserId("u7")
        .setItemId("i42")
        .setEventTime(Instant.ofEpochMilli(1_700_000_000_123L))
        .setPosition(2)
        .setSharedFeatures(Features.newBuilder()
            .setCategorical(Map.of("item_category", List.of("shoes", "sale")))
            .setNumeric(Map.of("price", 19.9f))
            .build())
        .setPrivilegedFeatures(Features.newBuilder()
            .setCategorical(Map.of())
            .setNumeric(Map.of("offline_score", 0.73f))
            .build())
        .setModelId("ctr")
        .setScenario("home_feed")
        .build();
  }

  public static ClickEvent click() {
    return ClickEvent.newBuilder()
        .setImpressionId("imp-1")
        .setEventTime(Instant.ofEpochMilli(1_700_000_004_000L))
        .setDwellTimeMs(35_000L)
        .setConverted(true)
        .setSignals(Map.of("play_ratio", 0.8f))
        .build();
  }

  public static StudentSnapshot snapshot() {
    return StudentSnapshot.newBuilder()
        .setModelId("ctr")
        .setFormatVersion(1)
        .setModelVersion(12)
        .setCreatedAt(Instant.ofEpochMilli(1_700_000_100_000L))
        .setTrainingStep(1200)
        .setLambda(0.8)
        .setFeatureSpec(List.of(new SnapshotField("user_id", "categorical", "none")))
        .setArchitecture("emb8 x 1 fields -> 32 relu -> logit")
        .setMetrics(new SnapshotMetrics(300_000L, 0.81, 0.41, 0.74, 0.46, 0.70, 0.47))
        .setProvenance(new SnapshotProvenance(Map.of("seed", "42"), 42L, Map.of("impressions-0", 1234L)))
        .setParameters(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
        .setChecksum(99L)
        .setSnapshotId("ctr-12")
        .setChunkIndex(0)
        .setChunkCount(1)
        .build();
  }

  public static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setSourceTopic("impressions")
        .setPartition(3)
        .setOffset(77L)
        .setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
        .setRaw(ByteBuffer.wrap(new byte[] {9, 9, 9}))
        .setReason("wrong marker 0x0909")
        .build();
  }
}
