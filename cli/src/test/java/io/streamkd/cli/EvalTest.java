package io.streamkd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamkd.model.config.ConfigException;
import io.streamkd.model.feature.Example;
import io.streamkd.model.synthetic.SyntheticWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalTest {
  @TempDir Path dir;

  private String run(String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = new EvalCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(args);
    assertEquals(0, code);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The synthetic world as a log: what the demo generator sends, flattened into columns. */
  private Path syntheticLog(int rows) throws Exception {
    SyntheticWorld w = new SyntheticWorld(SyntheticWorld.Params.defaults(7));
    StringBuilder sb = new StringBuilder(
        "ts,label,user_id,item_id,user_segment,item_category,position,offline_score,user_item_clicks,user_category_affinity\n");
    for (int i = 0; i < rows; i++) {
      SyntheticWorld.Impression im = w.next();
      sb.append(i).append(',').append(im.clicked() ? 1 : 0).append(',').append(w.userId(im.user())).append(',')
          .append(w.itemId(im.item())).append(',').append(w.segment(im.user())).append(',')
          .append(w.category(im.item())).append(',').append(im.position()).append(',').append(im.offlineScore())
          .append(',').append(im.userItemClicks()).append(',').append(im.userCategoryAffinity()).append('\n');
    }
    Path p = dir.resolve("synthetic.csv");
    Files.writeString(p, sb);
    return p;
  }

  @Test
  void distilledStudentShouldBeatTheStudentAloneAndTheReportShouldHaveItsShape() throws Exception {
    Path log = syntheticLog(100_000);
    Path report = dir.resolve("report.json");
    Path chart = dir.resolve("chart.html");
    String out = run("--input", log.toString(), "--time", "ts", "--categorical",
        "user_id,item_id,user_segment,item_category,position", "--privileged-numeric",
        "offline_score,user_item_clicks:log1p_standardize,user_category_affinity", "--lambda-ramp-steps", "200",
        "--ablations", "blocking_off", "--report", report.toString(), "--chart", chart.toString());
    JsonNode r = new ObjectMapper().readTree(Files.readString(report));
    assertEquals(Set.of("rows", "arms"), names(r));
    assertEquals(100_000, r.get("rows").asLong());
    assertEquals(List.of("teacher", "student_distilled", "student_alone", "student_blocking_off"),
        list(r.get("arms").fieldNames()));
    for (JsonNode arm : r.get("arms")) {
      assertEquals(Set.of("auc", "logloss", "auc_second_half", "logloss_second_half", "examples_per_s"), names(arm));
    }
    double distilled = r.get("arms").get("student_distilled").get("auc").asDouble();
    double alone = r.get("arms").get("student_alone").get("auc").asDouble();
    double teacher = r.get("arms").get("teacher").get("auc").asDouble();
    assertTrue(teacher > alone + 0.1, out);
    assertTrue(distilled > alone + 0.01, "distillation should help by more than 0.01 AUC:\n" + out);
    String html = Files.readString(chart);
    assertTrue(html.contains("data:image/png;base64,") && html.contains("student_alone"));
    assertTrue(out.contains("100%"), "progress");
  }

  @Test
  @org.junit.jupiter.api.Timeout(300)
  void throughFlinkShouldGiveTheSameNumbersAsInProcess() throws Exception {
    Path log = syntheticLog(6_000);
    String[] common = {"--input", log.toString(), "--time", "ts", "--categorical",
        "user_id,item_id,user_segment,item_category,position", "--privileged-numeric",
        "offline_score,user_item_clicks:log1p_standardize,user_category_affinity", "--lambda-ramp-steps", "10",
        "--batch-size", "128"};
    Path a = dir.resolve("in-process.json");
    Path b = dir.resolve("flink.json");
    run(concat(common, "--report", a.toString()));
    run(concat(common, "--report", b.toString(), "--through-flink"));
    JsonNode ra = new ObjectMapper().readTree(Files.readString(a)).get("arms");
    JsonNode rb = new ObjectMapper().readTree(Files.readString(b)).get("arms");
    for (String arm : List.of("teacher", "student_distilled", "student_alone")) {
      assertEquals(ra.get(arm).get("auc").asDouble(), rb.get(arm).get("auc").asDouble(), 0.005, arm + " AUC");
      assertEquals(ra.get(arm).get("logloss").asDouble(), rb.get(arm).get("logloss").asDouble(), 0.005,
          arm + " logloss");
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Set<String> names(JsonNode n) {
    return new TreeSet<>(list(n.fieldNames()));
  }

  private static List<String> list(Iterator<String> it) {
    List<String> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l;
  }

  @Test
  void criteoLayoutAndBadRowsShouldBeReadWithLineNumbers() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append(i % 3 == 0 ? 1 : 0);
      for (int k = 1; k <= 13; k++) {
        sb.append('\t').append(k == 12 ? "" : String.valueOf(i * k % 17));
      }
      for (int k = 1; k <= 26; k++) {
        sb.append('\t').append(Integer.toHexString((i * 31 + k) % 7));
      }
      sb.append('\n');
    }
    sb.append("1\tnot-enough-fields\n"); // line 41
    sb.append("maybe").append("\t0".repeat(13)).append("\ta".repeat(26)).append('\n'); // line 42
    Path p = dir.resolve("criteo.tsv");
    Files.writeString(p, sb);
    LogReader.Layout layout = new LogReader.Layout('\t', false, "label", LogReader.CRITEO_COLUMNS.subList(14, 40),
        LogReader.CRITEO_COLUMNS.subList(1, 14), null);
    LogReader.Result r = LogReader.read(p, layout, false);
    assertEquals(40, r.examples().size());
    assertEquals(2, r.badRows());
    assertEquals(41, r.firstBadRows().get(0).line());
    assertEquals(42, r.firstBadRows().get(1).line());
    assertTrue(r.firstBadRows().get(1).reason().contains("label 'maybe'"));
    Example e = r.examples().get(1);
    assertTrue(!e.numeric().containsKey("I12"), "empty field = missing");
    assertEquals(List.of("1"), e.categorical().get("C26")); // (1*31+26) % 7
    assertThrows(IllegalArgumentException.class, () -> LogReader.read(p, layout, true), "--strict");
    String out = run("--input", p.toString(), "--format", "criteo", "--batch-size", "8");
    assertTrue(out.contains("2 bad rows skipped") && out.contains("line 41"), out);
  }

  @Test
  void headerCsvWithQuotesAndTimeOrderShouldParse() throws Exception {
    Path p = dir.resolve("log.csv");
    Files.writeString(p, "t,label,city,price\n3,1,\"Paris, FR\",2.5\n1,0,Oslo,1.0\n2,true,\"\"\"Quoted\"\"\",\n");
    LogReader.Result r = LogReader.read(p, new LogReader.Layout(',', true, "label", List.of("city"), List.of("price"),
        "t"), false);
    assertEquals(3, r.examples().size());
    assertEquals(List.of("Oslo"), r.examples().get(0).categorical().get("city"), "sorted by time");
    assertEquals(List.of("\"Quoted\""), r.examples().get(1).categorical().get("city"));
    assertEquals(List.of("Paris, FR"), r.examples().get(2).categorical().get("city"));
  }

  @Test
  void wrongFlagsShouldNameTheFlag() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new EvalCommand(System.out).run(new String[] {"--input", "x.csv", "--format", "parquet"}));
    assertTrue(e.getMessage().contains("--format") && e.getMessage().contains("[csv, tsv, criteo]"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> new EvalCommand(System.out).run(new String[] {}));
    assertTrue(e.getMessage().contains("--input"), e.getMessage());
  }
}
