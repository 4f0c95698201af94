package io.streamkd.job.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Collects a stream into a JVM-wide list (MiniCluster runs in the test's JVM). At-least-once: tests without failures only. */
public final class CollectSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, List<Object>> LISTS = new ConcurrentHashMap<>();
  private final String id;

  public CollectSink(String id) {
    this.id = id;
    LISTS.put(id, new CopyOnWriteArrayList<>());
  }

  @SuppressWarnings("unchecked")
  public List<T> values() {
    return (List<T>) (List<?>) LISTS.get(id);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    List<Object> list = LISTS.get(id);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        list.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
