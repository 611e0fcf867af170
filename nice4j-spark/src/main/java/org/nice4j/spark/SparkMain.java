package org.nice4j.spark;

import java.io.PrintWriter;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code nice4j-spark.jar} entry point for {@code spark-submit}: the same shell conventions as the {@code nice4j}
 * command (one line and exit 2 for a mistake in the call, 1 for a failure at run time, stack traces with
 * {@code --verbose}), over the Spark jobs.
 */
@Command(name = "nice4j-spark", mixinStandardHelpOptions = true,
        description = "nice4j on Apache Spark: score a table on a cluster, sample, train data-parallel.",
        subcommands = {ScoreJob.class, SampleJob.class, TrainJob.class})
public final class SparkMain implements Runnable {
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (code != 0) {
            System.exit(code); // spark-submit reports a driver's exit code only when the JVM exits with it
        }
    }

    /** Runs a command in this JVM (tests call this) and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("nice4j-spark: " + ex.getMessage());
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (parseResult.expandedArgs().contains("--verbose")) {
                ex.printStackTrace(err);
            }
            NiceException ours = ours(ex);
            err.println("nice4j-spark: " + (ours != null ? ours.getMessage() : firstLine(ex)).replace('\n', ' '));
            err.flush();
            return ours instanceof InvalidSettingException ? USAGE : FAILURE;
        });
        return cli.execute(args);
    }

    /** A nice4j failure behind Spark's wrapping of a failed task, if that is what ended the job. */
    private static NiceException ours(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof NiceException nice) {
                return nice;
            }
        }
        return null;
    }

    /** Spark's own failures carry the executor's stack trace in the message: the first line says what happened. */
    private static String firstLine(Throwable ex) {
        String message = ex.getMessage() == null ? "" : ex.getMessage().strip();
        int newline = message.indexOf('\n');
        return ex.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline))
                + " (rerun with --verbose for details)";
    }
}
