package io.streamkd.model.metrics;

import java.util.Arrays;

/** Exact ROC AUC by ranking (Mann–Whitney U with average ranks for ties). */
public final class Auc {
  private Auc() {}

  /** AUC, or NaN when one class is absent. */
  public static double exact(float[] scores, byte[] labels) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
    double rankSumPos = 0;
    long nPos = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1.0;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] == 1) {
          rankSumPos += avgRank;
          nPos++;
        }
      }
      i = j + 1;
    }
    long nNeg = n - nPos;
    if (nPos == 0 || nNeg == 0) {
      return Double.NaN;
    }
    return (rankSumPos - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
  }

  public static double exact(double[] scores, int[] labels) {
    float[] s = new float[scores.length];
    byte[] l = new byte[labels.length];
    for (int k = 0; k < s.length; k++) {
      s[k] = (float) scores[k];
      l[k] = (byte) labels[k];
    }
    return exact(s, l);
  }
}
