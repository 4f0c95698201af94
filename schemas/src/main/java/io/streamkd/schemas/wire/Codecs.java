package io.streamkd.schemas.wire;

import io.streamkd.schemas.ClickEvent;
import io.streamkd.schemas.DeadLetter;
import io.streamkd.schemas.ImpressionEvent;
import io.streamkd.schemas.LabeledExample;
import io.streamkd.schemas.StudentSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One codec per StreamKD record type, each knowing every released writer schema, read from {@code
 * /io/streamkd/schemas/released/<Type>/v<N>.avsc} on the classpath (kept in the repository; the
 * compatibility test checks the current schemas against them).
 */
public final class Codecs {
  /** Released versions of the schemas; append, never edit. */
  public static final int RELEASED_VERSIONS = 1;

  public static final WireCodec<ImpressionEvent> IMPRESSION = codec(ImpressionEvent.class);
  public static final WireCodec<ClickEvent> CLICK = codec(ClickEvent.class);
  public static final WireCodec<StudentSnapshot> SNAPSHOT = codec(StudentSnapshot.class);
  public static final WireCodec<DeadLetter> DEAD_LETTER = codec(DeadLetter.class);
  public static final WireCodec<LabeledExample> LABELED_EXAMPLE = codec(LabeledExample.class);

  private Codecs() {}

  private static <T extends SpecificRecord> WireCodec<T> codec(Class<T> type) {
    return WireCodec.of(type, released(type.getSimpleName()));
  }

  /** The released writer schemas of a record type, oldest first. */
  public static List<Schema> released(String typeName) {
    List<Schema> out = new ArrayList<>();
    for (int v = 1; v <= RELEASED_VERSIONS; v++) {
      String path = "/io/streamkd/schemas/released/" + typeName + "/v" + v + ".avsc";
      try (InputStream in = Codecs.class.getResourceAsStream(path)) {
        if (in == null) {
          continue; // the type did not exist in that release
        }
        out.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read released schema " + path, e);
      }
    }
    return out;
  }
}
