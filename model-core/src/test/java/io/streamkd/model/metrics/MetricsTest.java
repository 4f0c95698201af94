package io.streamkd.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void exactAucShouldMatchHandComputedValues() {
    assertEquals(1.0, Auc.exact(new float[] {0.1f, 0.9f}, new byte[] {0, 1}));
    assertEquals(0.0, Auc.exact(new float[] {0.9f, 0.1f}, new byte[] {0, 1}));
    assertEquals(0.5, Auc.exact(new float[] {0.5f, 0.5f}, new byte[] {0, 1}));
    // pos {0.8, 0.4}, neg {0.6, 0.2}: pairs won 3 of 4
    assertEquals(0.75, Auc.exact(new float[] {0.8f, 0.4f, 0.6f, 0.2f}, new byte[] {1, 1, 0, 0}));
    assertTrue(Double.isNaN(Auc.exact(new float[] {0.1f}, new byte[] {1})));
  }

  @Test
  void streamingAucShouldAgreeWithExactAucInBoundedMemory() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 50_000;
    float[] p = new float[n];
    byte[] y = new byte[n];
    StreamingAuc s = new StreamingAuc();
    WindowedAuc w = new WindowedAuc(1000);
    for (int i = 0; i < n; i++) {
      p[i] = (float) r.nextDouble();
      y[i] = (byte) (r.nextDouble() < p[i] ? 1 : 0);
      s.add(p[i], y[i], 1f);
      w.add(p[i], y[i]);
    }
    assertEquals(Auc.exact(p, y), s.value(), 1e-4);
    float[] lastP = java.util.Arrays.copyOfRange(p, n - 1000, n);
    byte[] lastY = java.util.Arrays.copyOfRange(y, n - 1000, n);
    assertEquals(Auc.exact(lastP, lastY), w.auc(), 1e-12, "window holds exactly the last 1000");
    assertEquals(1000, w.size());
  }

  @Test
  void loglossShouldBeClippedAndCorrect() {
    assertEquals(-Math.log(0.8), Logloss.of(0.8, 1f), 1e-12);
    assertEquals(-Math.log(0.8), Logloss.of(0.2, 0f), 1e-12);
    assertTrue(Double.isFinite(Logloss.of(0.0, 1f)));
  }

  @Test
  void metricsShouldSerialiseExactly() throws IOException {
    ModelMetrics m = new ModelMetrics(100);
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 500; i++) {
      m.add(r.nextDouble(), r.nextBoolean() ? 1f : 0f, 1f);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.write(new DataOutputStream(bytes));
    ModelMetrics back = ModelMetrics.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(m.auc(), back.auc());
    assertEquals(m.logloss(), back.logloss());
    assertEquals(m.windowAuc(), back.windowAuc());
    assertEquals(m.count(), back.count());
  }
}
