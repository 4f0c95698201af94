package io.streamkd.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** AUC along the stream, one line per arm: a PNG, or a self-contained HTML page embedding it. */
final class Chart {
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0xad494a), new Color(0x637939),
      new Color(0xe7ba52), new Color(0x7b4173), new Color(0x3182bd)};

  private Chart() {}

  static void write(Path file, String title, Evaluation.Result r) throws IOException {
    System.setProperty("java.awt.headless", "true");
    byte[] png = png(title, r);
    if (file.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      Files.write(file, png);
      return;
    }
    StringBuilder rows = new StringBuilder();
    for (Map.Entry<String, Evaluation.ArmResult> e : r.arms().entrySet()) {
      Evaluation.ArmResult a = e.getValue();
      rows.append(String.format(Locale.ROOT,
          "<tr><td>%s</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%,.0f</td></tr>%n", e.getKey(),
          a.auc(), a.logloss(), a.aucSecondHalf(), a.loglossSecondHalf(), a.examplesPerS()));
    }
    String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title>"
        + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:4px 10px;"
        + "border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}</style>"
        + "</head><body><h2>" + title + "</h2><p>" + r.rows() + " rows, progressive validation (every batch is "
        + "scored before any arm trains on it).</p><img alt=\"AUC along the stream\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png) + "\"/><table><tr><th>arm</th><th>AUC</th><th>logloss</th>"
        + "<th>AUC 2nd half</th><th>logloss 2nd half</th><th>examples/s</th></tr>" + rows + "</table></body></html>";
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  static byte[] png(String title, Evaluation.Result r) throws IOException {
    int w = 1020;
    int h = 520;
    int left = 70;
    int right = 330;
    int top = 50;
    int bottom = 60;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    double lo = 1;
    double hi = 0;
    for (Evaluation.ArmResult a : r.arms().values()) {
      for (double v : a.curve()) {
        if (!Double.isNaN(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      lo = 0.4;
      hi = 0.6;
    }
    lo = Math.floor(lo * 50) / 50;
    hi = Math.ceil(hi * 50) / 50;
    if (hi - lo < 0.02) {
      hi = lo + 0.02;
    }
    double maxX = r.curvePositions()[r.curvePositions().length - 1];
    int pw = w - left - right;
    int ph = h - top - bottom;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, left, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(0xdddddd));
    for (int i = 0; i <= 5; i++) {
      int y = top + ph - i * ph / 5;
      g.drawLine(left, y, left + pw, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%.3f", lo + (hi - lo) * i / 5), 20, y + 4);
      g.setColor(new Color(0xdddddd));
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(left, top, pw, ph);
    g.drawString("examples seen", left + pw / 2 - 40, h - 20);
    g.drawString(String.format(Locale.ROOT, "%,.0f", maxX), left + pw - 40, top + ph + 18);
    g.drawString("0", left, top + ph + 18);
    g.drawString("windowed AUC", 5, top - 12);
    int k = 0;
    for (Map.Entry<String, Evaluation.ArmResult> e : r.arms().entrySet()) {
      Color c = COLORS[k % COLORS.length];
      g.setColor(c);
      g.setStroke(new BasicStroke(2f));
      double[] ys = e.getValue().curve();
      int px = -1;
      int py = -1;
      for (int i = 0; i < ys.length; i++) {
        if (Double.isNaN(ys[i])) {
          continue;
        }
        int x = left + (int) (pw * r.curvePositions()[i] / maxX);
        int y = top + ph - (int) (ph * (ys[i] - lo) / (hi - lo));
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.fillRect(left + pw + 15, top + 10 + k * 22, 14, 4);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue().auc()), left + pw + 35,
          top + 16 + k * 22);
      k++;
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
