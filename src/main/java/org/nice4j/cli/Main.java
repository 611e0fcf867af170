package org.nice4j.cli;

import java.io.PrintWriter;
import java.util.List;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import org.nice4j.train.RunInterrupted;
import org.nice4j.train.TrainingDiverged;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code nice4j} command: a thin shell over the library that parses, calls, and prints. */
@Command(name = "nice4j", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Flow-based generative models (NICE and family) on the JVM.",
        subcommands = {TrainCommand.class, EvalCommand.class, ScoreCommand.class, SampleCommand.class,
                InfoCommand.class, BenchCommand.class, InpaintCommand.class, SpectrumCommand.class,
                ManifoldCommand.class, InterpolateCommand.class, GinToyCommand.class, TraverseCommand.class,
                TabularDensityCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for a runtime failure (bad file, diverged run); picocli uses 2 for usage errors. */
    static final int FAILURE = 1;
    static final int USAGE = 2;
    /** The shell's code for a run stopped by Ctrl-C (128 + SIGINT). */
    static final int INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            System.exit(run(args, new PrintWriter(System.out, true), err));
        } catch (Error e) {
            // picocli hands only Exceptions to the handler; keep the one-line promise for Errors too
            err.println("nice4j: internal error: " + e + (List.of(args).contains("--verbose") ? "" : " (rerun with --verbose)"));
            if (List.of(args).contains("--verbose")) {
                e.printStackTrace(err);
            }
            System.exit(FAILURE);
        }
    }

    /** Runs the CLI in this process and returns its exit code (tests call this directly). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("nice4j: " + ex.getMessage());
            err.println("Try 'nice4j " + commandName(ex.getCommandLine()) + "--help' for usage.");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.expandedArgs().contains("--verbose");
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.println("nice4j: " + oneLine(ex));
            err.flush();
            if (ex instanceof RunInterrupted) {
                return INTERRUPTED;
            }
            return ex instanceof UsageException || ex instanceof InvalidSettingException ? USAGE : FAILURE;
        });
        return cli.execute(args);
    }

    private static String commandName(CommandLine c) {
        return c.getParent() == null ? "" : c.getCommandName() + " ";
    }

    /** The user-facing line for a failure: our own messages as they are, anything else with its type. */
    static String oneLine(Throwable ex) {
        Throwable root = ex;
        while (!(root instanceof NiceException) && root.getCause() != null) {
            root = root.getCause();
        }
        String message = root instanceof InvalidSettingException invalid ? SettingFlags.prefix(invalid)
                : root instanceof NiceException ? root.getMessage()
                : ex.getClass().getSimpleName() + ": " + ex.getMessage() + " (rerun with --verbose for details)";
        return message == null ? ex.getClass().getSimpleName() : (message + advice(root)).replace('\n', ' ');
    }

    /** What to do next, in flags: the library describes these failures without knowing the command line. */
    private static String advice(Throwable failure) {
        if (failure instanceof TrainingDiverged) {
            return " (try a smaller --lr)";
        }
        if (failure instanceof RunInterrupted stop) {
            return ", continue with: nice4j train --resume " + stop.run();
        }
        return "";
    }
}
