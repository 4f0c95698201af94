package io.streamkd.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of every layer: objective L = Σ r ⊙ output for a fixed random r. */
class LayerGradientTest {
  static final int BATCH = 3;
  final SplittableRandom rng = new SplittableRandom(1);

  float[] random(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return a;
  }

  /** Zero biases put ReLU inputs exactly on the kink when a whole layer is inactive: move them off it. */
  void randomizeBiases(java.util.List<ParamBlock> params) {
    for (ParamBlock p : params) {
      if (p.name().endsWith(".b")) {
        float[] v = p.value();
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (rng.nextDouble() * 0.4 - 0.2);
        }
      }
    }
  }

  static double dot(float[] a, float[] r, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[i] * (double) r[i];
    }
    return s;
  }

  @Test
  void denseGradientsShouldMatchFiniteDifferences() {
    for (boolean relu : new boolean[] {false, true}) {
      Dense d = new Dense("d", ParamGroup.STUDENT, 5, 4, relu);
      d.initialize(rng);
      float[] x = random(BATCH * 5);
      float[] r = random(BATCH * 4);
      float[] y = new float[BATCH * 4];
      d.forward(x, BATCH, y);
      float[] gy = r.clone();
      float[] gx = new float[BATCH * 5];
      d.backward(x, y, gy, BATCH, gx);
      java.util.function.DoubleSupplier obj = () -> {
        float[] out = new float[BATCH * 4];
        d.forward(x, BATCH, out);
        return dot(out, r, out.length);
      };
      FiniteDifference.check("dense W relu=" + relu, d.weight().value(), d.weight().grad(), obj);
      FiniteDifference.check("dense b relu=" + relu, d.bias().value(), d.bias().grad(), obj);
      FiniteDifference.check("dense x relu=" + relu, x, gx, obj);
    }
  }

  @Test
  void crossLayerGradientsShouldMatchFiniteDifferences() {
    int dim = 4;
    CrossLayer c = new CrossLayer("c", ParamGroup.TEACHER, dim);
    c.initialize(rng);
    float[] x0 = random(BATCH * dim);
    float[] xl = random(BATCH * dim);
    float[] r = random(BATCH * dim);
    float[] u = new float[BATCH * dim];
    float[] out = new float[BATCH * dim];
    c.forward(x0, xl, BATCH, u, out);
    float[] gu = new float[BATCH * dim];
    float[] gx0 = new float[BATCH * dim];
    float[] gxl = new float[BATCH * dim];
    c.backward(x0, xl, u, r, BATCH, gu, gx0, gxl);
    java.util.function.DoubleSupplier obj = () -> {
      float[] uu = new float[BATCH * dim];
      float[] o = new float[BATCH * dim];
      c.forward(x0, xl, BATCH, uu, o);
      return dot(o, r, o.length);
    };
    FiniteDifference.check("cross W", c.weight().value(), c.weight().grad(), obj);
    FiniteDifference.check("cross b", c.bias().value(), c.bias().grad(), obj);
    FiniteDifference.check("cross x0", x0, gx0, obj);
    FiniteDifference.check("cross xl", xl, gxl, obj);
  }

  @Test
  void teacherNetworkGradientsShouldMatchFiniteDifferences() {
    int in = 6;
    for (int crossLayers : new int[] {0, 2}) {
      for (int[] mlp : new int[][] {{}, {5, 3}}) {
        TeacherNetwork t = new TeacherNetwork(in, crossLayers, mlp);
        t.initialize(rng);
        randomizeBiases(t.params());
        float[] x = random(BATCH * in);
        float[] r = random(BATCH);
        float[] rh = random(BATCH * t.hiddenSize());
        // objective: Σ r·logit + Σ rh·H (exercises the hint path into the teacher)
        java.util.function.DoubleSupplier obj = () -> {
          float[] z = t.forward(x, BATCH);
          return dot(z, r, BATCH) + dot(t.hidden(), rh, BATCH * t.hiddenSize());
        };
        t.forward(x, BATCH);
        t.params().forEach(ParamBlock::zeroGrad);
        float[] gx = new float[BATCH * in];
        t.backward(r, rh, BATCH, gx);
        String name = "teacher cross=" + crossLayers + " mlp=" + java.util.Arrays.toString(mlp);
        for (ParamBlock p : t.params()) {
          FiniteDifference.check(name + " " + p.name(), p.value(), p.grad().clone(), obj);
        }
        FiniteDifference.check(name + " x", x, gx, obj);
      }
    }
  }

  @Test
  void cinGradientsShouldMatchFiniteDifferences() {
    int fields = 3;
    int dim = 2;
    Cin cin = new Cin("cin", ParamGroup.TEACHER, fields, dim, new int[] {4, 3});
    cin.initialize(rng);
    float[] x0 = random(BATCH * fields * dim);
    float[] r = random(BATCH * cin.outSize());
    float[] out = new float[BATCH * cin.outSize()];
    cin.forward(x0, BATCH, out);
    cin.params().forEach(ParamBlock::zeroGrad);
    float[] gx0 = new float[x0.length];
    cin.backward(r, BATCH, gx0);
    java.util.function.DoubleSupplier obj = () -> {
      float[] o = new float[BATCH * cin.outSize()];
      cin.forward(x0, BATCH, o);
      return dot(o, r, o.length);
    };
    for (ParamBlock p : cin.params()) {
      FiniteDifference.check("cin " + p.name(), p.value(), p.grad().clone(), obj);
    }
    FiniteDifference.check("cin x0", x0, gx0, obj);
  }

  @Test
  void teacherWithCinGradientsShouldMatchFiniteDifferences() {
    // input: two categorical fields of dim 2 at offsets 0 and 3, a numeric input at 2
    int in = 5;
    TeacherNetwork t = new TeacherNetwork(in, 1, new int[] {3}, new int[] {2, 2}, new int[] {0, 3}, 2);
    t.initialize(rng);
    randomizeBiases(t.params());
    float[] x = random(BATCH * in);
    float[] r = random(BATCH);
    java.util.function.DoubleSupplier obj = () -> dot(t.forward(x, BATCH), r, BATCH);
    t.forward(x, BATCH);
    t.params().forEach(ParamBlock::zeroGrad);
    float[] gx = new float[BATCH * in];
    t.backward(r, null, BATCH, gx);
    for (ParamBlock p : t.params()) {
      FiniteDifference.check("teacher+cin " + p.name(), p.value(), p.grad().clone(), obj);
    }
    FiniteDifference.check("teacher+cin x", x, gx, obj);
  }

  @Test
  void studentNetworkGradientsShouldMatchFiniteDifferences() {
    int in = 5;
    for (int[] mlp : new int[][] {{}, {4}, {6, 3}}) {
      StudentNetwork s = new StudentNetwork(in, mlp);
      s.initialize(rng);
      randomizeBiases(s.params());
      float[] x = random(BATCH * in);
      float[] r = random(BATCH);
      float[] rh = random(BATCH * s.hiddenSize());
      java.util.function.DoubleSupplier obj = () -> {
        float[] z = s.forward(x, BATCH);
        return dot(z, r, BATCH) + dot(s.hidden(), rh, BATCH * s.hiddenSize());
      };
      s.forward(x, BATCH);
      s.params().forEach(ParamBlock::zeroGrad);
      float[] gx = new float[BATCH * in];
      s.backward(r, rh, BATCH, gx);
      String name = "student mlp=" + java.util.Arrays.toString(mlp);
      for (ParamBlock p : s.params()) {
        FiniteDifference.check(name + " " + p.name(), p.value(), p.grad().clone(), obj);
      }
      FiniteDifference.check(name + " x", x, gx, obj);
    }
  }

  @Test
  void affineShouldGiveTheSameBitsForOneRowAsInsideABatch() {
    float[] w = random(7 * 5);
    float[] b = random(5);
    float[] x = random(4 * 7);
    float[] batchOut = new float[4 * 5];
    Kernels.affine(x, 4, 7, w, b, 5, batchOut);
    for (int row = 0; row < 4; row++) {
      float[] one = new float[5];
      Kernels.affine(java.util.Arrays.copyOfRange(x, row * 7, row * 7 + 7), 1, 7, w, b, 5, one);
      assertArrayEquals(java.util.Arrays.copyOfRange(batchOut, row * 5, row * 5 + 5), one);
    }
  }

  @Test
  void affineShouldMatchAHandComputedProduct() {
    float[] x = {1, 2};
    float[] w = {1, 2, 3, 4, 5, 6}; // [2 x 3]
    float[] b = {0.5f, 0, -1};
    float[] y = new float[3];
    Kernels.affine(x, 1, 2, w, b, 3, y);
    assertArrayEquals(new float[] {1 + 8 + 0.5f, 2 + 10, 3 + 12 - 1}, y);
    assertEquals(0.5f, Kernels.sigmoid(0f));
  }
}
