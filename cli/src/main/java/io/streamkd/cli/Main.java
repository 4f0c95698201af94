package io.streamkd.cli;

import io.streamkd.model.config.ConfigException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code streamkd <command> [flags]}: the one entry point of the launcher script. */
public final class Main {
  /** A subcommand: a name, a one-line summary and a body returning the exit code. */
  interface Command {
    int run(String[] args) throws Exception;
  }

  private record Entry(String summary, Command command) {}

  private static final Map<String, Entry> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("demo", new Entry("everything in one process: Kafka, generator, Flink job, serving",
        args -> new DemoCommand(System.out).run(args)));
    COMMANDS.put("generate", new Entry("send synthetic impressions and clicks to a Kafka cluster",
        args -> GenerateCommand.run(args, System.out)));
    COMMANDS.put("train", new Entry("run the training job (in-process; use `flink run` for a cluster)",
        args -> {
          io.streamkd.job.StreamKdJob.main(args);
          return 0;
        }));
    COMMANDS.put("serve", new Entry("follow student snapshots and score over HTTP", args -> {
      io.streamkd.serving.ServingApp.main(args);
      return 0;
    }));
    COMMANDS.put("eval", new Entry("replay a CSV/TSV log: teacher vs distilled student vs student alone",
        args -> new EvalCommand(System.out).run(args)));
  }

  private Main() {}

  static String usage() {
    StringBuilder sb = new StringBuilder("Usage: ./streamkd <command> [--flag value ...]\n\nCommands:\n");
    COMMANDS.forEach((name, e) -> sb.append(String.format("  %-10s %s%n", name, e.summary())));
    sb.append("\nEach command takes --help.\n");
    return sb.toString();
  }

  public static void main(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      System.out.print(usage());
      System.exit(args.length == 0 ? 2 : 0);
    }
    Entry e = COMMANDS.get(args[0]);
    if (e == null) {
      System.err.println("error: unknown command '" + args[0] + "'. Commands: " + COMMANDS.keySet());
      System.exit(2);
    }
    int code;
    try {
      code = e.command().run(Arrays.copyOfRange(args, 1, args.length));
    } catch (ConfigException ex) {
      System.err.println("error: " + ex.getMessage());
      System.err.println("Run ./streamkd " + args[0] + " --help for the options.");
      code = 2;
    } catch (Exception ex) {
      System.err.println("error: " + ex);
      ex.printStackTrace(System.err);
      code = 1;
    }
    System.exit(code);
  }
}
