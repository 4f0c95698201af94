package io.streamkd.model.snapshot;

import io.streamkd.model.student.StudentModel;
import io.streamkd.model.student.StudentModelCodec;
import io.streamkd.schemas.StudentSnapshot;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reassembles chunked snapshots and verifies them: chunk bookkeeping, format version, CRC-32C, and that the
 * parameters decode into a {@link StudentModel}. At most {@link #MAX_PENDING} incomplete snapshots are
 * kept (the oldest is dropped), so a producer that dies mid-snapshot cannot grow memory. Not thread-safe:
 * one follower thread feeds it.
 */
public final class SnapshotAssembler {
  public static final int MAX_PENDING = 4;

  /** A verified, decoded snapshot. */
  public record Assembled(StudentSnapshot metadata, StudentModel model) {}

  /** A snapshot that cannot be used, with the reason. */
  public static final class RejectedSnapshotException extends Exception {
    public RejectedSnapshotException(String message) {
      super(message);
    }

    public RejectedSnapshotException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final class Pending {
    final StudentSnapshot[] chunks;
    int received;

    Pending(int count) {
      chunks = new StudentSnapshot[count];
    }
  }

  private final Map<String, Pending> pending = new LinkedHashMap<>();

  /**
   * Adds one chunk. Returns the snapshot once its last chunk arrived.
   *
   * @throws RejectedSnapshotException when the chunk or the completed snapshot is invalid
   */
  public Optional<Assembled> add(StudentSnapshot chunk) throws RejectedSnapshotException {
    if (chunk.getFormatVersion() != StudentModelCodec.FORMAT_VERSION) {
      throw new RejectedSnapshotException("snapshot " + chunk.getSnapshotId() + " has format version "
          + chunk.getFormatVersion() + "; this build reads " + StudentModelCodec.FORMAT_VERSION);
    }
    int count = chunk.getChunkCount();
    int index = chunk.getChunkIndex();
    if (count < 1 || count > 100_000 || index < 0 || index >= count) {
      throw new RejectedSnapshotException(
          "snapshot " + chunk.getSnapshotId() + ": chunk " + index + " of " + count + " is impossible");
    }
    Pending p = pending.get(chunk.getSnapshotId());
    if (p == null) {
      p = new Pending(count);
      pending.put(chunk.getSnapshotId(), p);
      while (pending.size() > MAX_PENDING) {
        Iterator<String> it = pending.keySet().iterator();
        it.next();
        it.remove();
      }
    } else if (p.chunks.length != count) {
      pending.remove(chunk.getSnapshotId());
      throw new RejectedSnapshotException("snapshot " + chunk.getSnapshotId() + ": chunk count changed from "
          + p.chunks.length + " to " + count);
    }
    if (p.chunks[index] == null) {
      p.chunks[index] = chunk;
      p.received++;
    }
    if (p.received < count) {
      return Optional.empty();
    }
    pending.remove(chunk.getSnapshotId());
    return Optional.of(verify(p.chunks));
  }

  public int pendingCount() {
    return pending.size();
  }

  private static Assembled verify(StudentSnapshot[] chunks) throws RejectedSnapshotException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    StudentSnapshot first = chunks[0];
    for (StudentSnapshot c : chunks) {
      if (c.getChecksum() != first.getChecksum() || c.getModelVersion() != first.getModelVersion()
          || !c.getModelId().equals(first.getModelId())) {
        throw new RejectedSnapshotException("snapshot " + first.getSnapshotId()
            + ": chunks disagree on model id, version or checksum");
      }
      ByteBuffer b = c.getParameters().duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      all.writeBytes(bytes);
    }
    byte[] params = all.toByteArray();
    long crc = Snapshots.checksum(params);
    if (crc != first.getChecksum()) {
      throw new RejectedSnapshotException(String.format(
          "snapshot %s: checksum mismatch (computed 0x%08x, declared 0x%08x): corrupt parameters",
          first.getSnapshotId(), crc, first.getChecksum()));
    }
    StudentModel model;
    try {
      model = StudentModelCodec.decode(params);
    } catch (IllegalArgumentException e) {
      throw new RejectedSnapshotException(
          "snapshot " + first.getSnapshotId() + ": parameters do not decode: " + e.getMessage(), e);
    }
    StudentSnapshot whole = StudentSnapshot.newBuilder(first)
        .setParameters(ByteBuffer.wrap(params))
        .setChunkIndex(0)
        .setChunkCount(1)
        .build();
    return new Assembled(whole, model);
  }
}
