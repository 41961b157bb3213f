package org.maskrecommender.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

import org.maskrecommender.cli.invoke.InvokeCommand;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.inference.InferenceRequest;

/** {@code ./mask-recommender <command> …}: the same services as the Lambda functions, on one machine. */
@Command(name = "mask-recommender", mixinStandardHelpOptions = true, version = "mask-recommender 1.0",
        description = "Trains, publishes and serves the mask fit recommender locally or against AWS.",
        subcommands = {TrainCommand.class, RecommendCommand.class, ServeCommand.class, SampleCommand.class,
                DeployCommand.class, RollbackCommand.class, StatusCommand.class, InvokeCommand.class, CardCommand.class,
                CommandLine.HelpCommand.class})
public final class MaskRecommenderCli {

    /** Held so java.util.logging keeps the level: Tribuo logs every SGD run at INFO; progress lines say enough. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");
    /** The deployer services log each release step; on the command line they are progress lines. */
    private static final Logger DEPLOYER_LOG = Logger.getLogger("org.maskrecommender.deployer");

    /** Read from the parse result, on whichever command it is given; the field only makes picocli accept it. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On a failure, print the stack trace too (for reporting a bug).")
    boolean verbose;

    public static void main(String[] args) {
        TRIBUO_LOG.setLevel(Level.WARNING);
        ConsoleHandler progress = new ConsoleHandler();
        progress.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                return (r.getLevel().intValue() >= Level.WARNING.intValue() ? "warning: " : "… ") + formatMessage(r)
                        + System.lineSeparator();
            }
        });
        DEPLOYER_LOG.setUseParentHandlers(false);
        DEPLOYER_LOG.addHandler(progress);
        Path home = Path.of(System.getProperty("mask-recommender.home", "."));
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int status;
        try (CliContext context = new CliContext(System.getenv(), home, out, err)) {
            status = run(context, args);
        }
        System.exit(status);
    }

    /**
     * Runs one command line; returns the exit status (0 ok, 1 failed, 2 usage). A failure is one line,
     * {@code error: …}, on stderr; its stack trace only with {@code --verbose}.
     */
    public static int run(CliContext context, String... args) {
        CommandLine cli = new CommandLine(new MaskRecommenderCli(), new ContextFactory(context));
        cli.setExecutionStrategy(parsed -> {
            context.verbose(verbose(parsed));
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            context.fail(e);
            return 1;
        });
        // The domain's own parsers, so the command line accepts and refuses exactly what events and requests do.
        cli.registerConverter(Environment.class, value -> convert(value, Environment::of));
        cli.registerConverter(Trigger.Type.class, value -> convert(value, Trigger.Type::of));
        cli.registerConverter(InferenceRequest.ResponseFormat.class,
                value -> convert(value, InferenceRequest.ResponseFormat::of));
        cli.registerConverter(InvokeCommand.LambdaFunction.class,
                value -> convert(value, InvokeCommand.LambdaFunction::of));
        cli.setOut(context.out());
        cli.setErr(context.err());
        return cli.execute(args);
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static <T> T convert(String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** Hands the shared context to each command picocli creates. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getConstructor(CliContext.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
