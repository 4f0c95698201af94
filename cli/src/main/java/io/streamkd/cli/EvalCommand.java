package io.streamkd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamkd.model.config.ConfigException;
import io.streamkd.model.config.Option;
import io.streamkd.model.config.OptionValues;
import io.streamkd.model.feature.FeatureSpec;
import io.streamkd.model.feature.FieldRole;
import io.streamkd.model.feature.FieldSpec;
import io.streamkd.model.feature.NumericTransform;
import io.streamkd.model.train.ModelConfig;
import io.streamkd.model.train.ModelOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code streamkd eval}: does distillation help on this log, and by how much? */
final class EvalCommand {
  static final Option<String> INPUT = Option.string("input", "", "CSV/TSV log to replay (required)");
  static final Option<String> FORMAT = Option.choice("format", "csv",
      "csv | tsv (both with a header) | criteo (tab-separated label, I1..I13, C1..C26, no header)", "csv", "tsv",
      "criteo");
  static final Option<String> LABEL = Option.string("label", "label", "0/1 label column");
  static final Option<String> CATEGORICAL = Option.string("categorical", "", "shared categorical columns, comma-separated");
  static final Option<String> NUMERIC = Option.string("numeric", "",
      "shared numeric columns, comma-separated, each optionally col:transform (default standardize)");
  static final Option<String> PRIVILEGED_CATEGORICAL = Option.string("privileged-categorical", "",
      "teacher-only categorical columns (known in logs, not at serving time)");
  static final Option<String> PRIVILEGED_NUMERIC = Option.string("privileged-numeric", "",
      "teacher-only numeric columns, each optionally col:transform");
  static final Option<String> TIME = Option.string("time", "", "event-time column to order the stream by ('' = file order)");
  static final Option<Boolean> STRICT = Option.bool("strict", false, "fail on the first unparseable row");
  static final Option<Integer> BATCH_SIZE = Option.integer("batch-size", 256, 1, "examples per training batch");
  static final Option<String> ABLATIONS = Option.string("ablations", "",
      "extra student arms, comma-separated: " + String.join(", ", Evaluation.ABLATION_NAMES));
  static final Option<String> REPORT = Option.string("report", "", "write the JSON report here");
  static final Option<String> CHART = Option.string("chart", "", "write the AUC-along-the-stream chart here (.png or .html)");
  static final Option<Boolean> THROUGH_FLINK = Option.bool("through-flink", false,
      "replay through the real pipeline (embedded Kafka + the Flink job, one job per arm) instead of in-process");
  static final Option<Long> LIMIT = Option.longValue("limit", 0L, 0, "use only the first N rows of the stream (0 = all)");

  static List<Option<?>> all() {
    List<Option<?>> l = new ArrayList<>(List.of(INPUT, FORMAT, LABEL, CATEGORICAL, NUMERIC, PRIVILEGED_CATEGORICAL,
        PRIVILEGED_NUMERIC, TIME, STRICT, BATCH_SIZE, ABLATIONS, REPORT, CHART, LIMIT));
    l.add(THROUGH_FLINK);
    ModelOptions.ALL.stream().filter(o -> o != ModelOptions.FEATURES && o != ModelOptions.STUDENT_ONLY)
        .forEach(l::add);
    return l;
  }

  private final PrintStream out;

  EvalCommand(PrintStream out) {
    this.out = out;
  }

  private static List<String> list(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  /** Column names and their fields, from the column flags (criteo gets its columns by default). */
  static FeatureSpec spec(OptionValues v, Map<String, String> numericColumns, List<String> categoricalColumns) {
    List<FieldSpec> fields = new ArrayList<>();
    boolean criteo = v.get(FORMAT).equals("criteo");
    List<String> cat = list(v.get(CATEGORICAL));
    List<String> num = list(v.get(NUMERIC));
    if (criteo && cat.isEmpty() && num.isEmpty()) {
      cat = LogReader.CRITEO_COLUMNS.subList(14, 40);
      num = LogReader.CRITEO_COLUMNS.subList(1, 14).stream().map(c -> c + ":log1p_standardize").toList();
    }
    for (String c : cat) {
      fields.add(FieldSpec.categorical(c, FieldRole.SHARED));
      categoricalColumns.add(c);
    }
    for (String c : list(v.get(PRIVILEGED_CATEGORICAL))) {
      fields.add(FieldSpec.categorical(c, FieldRole.PRIVILEGED));
      categoricalColumns.add(c);
    }
    addNumeric(num, FieldRole.SHARED, fields, numericColumns);
    addNumeric(list(v.get(PRIVILEGED_NUMERIC)), FieldRole.PRIVILEGED, fields, numericColumns);
    if (fields.isEmpty()) {
      throw new ConfigException("name some feature columns: --categorical and/or --numeric (and --privileged-*)");
    }
    try {
      return new FeatureSpec(fields);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("feature columns: " + e.getMessage(), e);
    }
  }

  private static void addNumeric(List<String> cols, FieldRole role, List<FieldSpec> fields, Map<String, String> names) {
    for (String c : cols) {
      String[] p = c.split(":");
      NumericTransform t = p.length > 1 ? NumericTransform.parse(p[1]) : NumericTransform.STANDARDIZE;
      fields.add(FieldSpec.numeric(p[0], role, t));
      names.put(p[0], p[0]);
    }
  }

  int run(String[] args) throws Exception {
    OptionValues v = OptionValues.parse(all(), args);
    if (v.helpRequested()) {
      out.println(OptionValues.usage("streamkd eval",
          "Replays a labeled log once, as the streaming job would see it, and compares the teacher, the student\n"
              + "trained jointly with distillation, and the same student trained alone (progressive validation).",
          all()));
      return 0;
    }
    if (v.get(INPUT).isEmpty()) {
      throw new ConfigException("--input is required: the CSV/TSV log to replay");
    }
    Path input = Path.of(v.get(INPUT));
    if (!Files.isReadable(input)) {
      throw new ConfigException("--input: cannot read '" + input + "'");
    }
    Map<String, String> numericColumns = new HashMap<>();
    List<String> categoricalColumns = new ArrayList<>();
    FeatureSpec spec = spec(v, numericColumns, categoricalColumns);
    Map<String, String> modelFlags = new HashMap<>(v.asText());
    modelFlags.keySet().retainAll(ModelOptions.ALL.stream().map(Option::name).toList());
    modelFlags.put(ModelOptions.FEATURES.name(), spec.format());
    ModelOptions.toConfig(OptionValues.fromMap(ModelOptions.ALL, modelFlags)); // validate now, not mid-run

    String format = v.get(FORMAT);
    LogReader.Layout layout = new LogReader.Layout(format.equals("csv") ? ',' : '\t', !format.equals("criteo"),
        v.get(LABEL), categoricalColumns, new ArrayList<>(numericColumns.keySet()),
        v.get(TIME).isEmpty() ? null : v.get(TIME));
    long t0 = System.nanoTime();
    LogReader.Result data = LogReader.read(input, layout, v.get(STRICT));
    var stream = data.examples();
    if (v.get(LIMIT) > 0 && stream.size() > v.get(LIMIT)) {
      stream = stream.subList(0, (int) (long) v.get(LIMIT));
    }
    out.printf("read %,d rows from %s in %.1f s; %,d bad rows skipped%n", stream.size(), input,
        (System.nanoTime() - t0) / 1e9, data.badRows());
    for (LogReader.BadRow b : data.firstBadRows()) {
      out.printf("  line %d: %s%n", b.line(), b.reason());
    }
    if (stream.isEmpty()) {
      throw new IllegalArgumentException("no usable rows in " + input);
    }
    out.println("features: " + spec.format());
    List<String> ablations = list(v.get(ABLATIONS));
    int[] lastPct = {-1};
    boolean tty = System.console() != null;
    java.util.function.DoubleConsumer bar = f -> {
      int pct = (int) (f * 100);
      if (!tty) {
        // Not a terminal (CI, a pipe): a line every 10% instead of a redrawn bar.
        if (pct / 10 != lastPct[0] / 10 || lastPct[0] < 0) {
          lastPct[0] = pct;
          out.println("progress " + pct + "%");
        }
        return;
      }
      if (pct != lastPct[0]) {
        lastPct[0] = pct;
        int bars = pct / 4;
        out.print("\r[" + "#".repeat(bars) + " ".repeat(25 - bars) + "] " + pct + "%");
        out.flush();
      }
    };
    Evaluation.Result r = v.get(THROUGH_FLINK)
        ? FlinkReplay.run(stream, spec, modelFlags, ablations, v.get(BATCH_SIZE), out, bar)
        : Evaluation.run(stream, modelFlags, ablations, v.get(BATCH_SIZE), bar);
    out.println();
    out.printf("%-26s %8s %9s %12s %16s %12s%n", "arm", "AUC", "logloss", "AUC 2nd half", "logloss 2nd half",
        "examples/s");
    r.arms().forEach((name, a) -> out.printf(Locale.ROOT, "%-26s %8.4f %9.4f %12.4f %16.4f %,12.0f%n", name, a.auc(),
        a.logloss(), a.aucSecondHalf(), a.loglossSecondHalf(), a.examplesPerS()));
    Evaluation.ArmResult d = r.arms().get("student_distilled");
    Evaluation.ArmResult s = r.arms().get("student_alone");
    out.printf(Locale.ROOT, "%ndistillation: student AUC %+.4f (second half %+.4f), logloss %+.4f vs the student alone%n",
        d.auc() - s.auc(), d.aucSecondHalf() - s.aucSecondHalf(), d.logloss() - s.logloss());
    if (!v.get(REPORT).isEmpty()) {
      Files.writeString(Path.of(v.get(REPORT)), report(r));
      out.println("report: " + v.get(REPORT));
    }
    if (!v.get(CHART).isEmpty()) {
      Chart.write(Path.of(v.get(CHART)), "StreamKD eval: " + input.getFileName(), r);
      out.println("chart: " + v.get(CHART));
    }
    return 0;
  }

  static String report(Evaluation.Result r) throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("rows", r.rows());
    ObjectNode arms = root.putObject("arms");
    r.arms().forEach((name, a) -> {
      ObjectNode n = arms.putObject(name);
      put(n, "auc", a.auc());
      put(n, "logloss", a.logloss());
      put(n, "auc_second_half", a.aucSecondHalf());
      put(n, "logloss_second_half", a.loglossSecondHalf());
      put(n, "examples_per_s", a.examplesPerS());
    });
    return json.writeValueAsString(root) + "\n";
  }

  private static void put(ObjectNode n, String k, double v) {
    if (Double.isFinite(v)) {
      n.put(k, v);
    } else {
      n.putNull(k);
    }
  }
}
