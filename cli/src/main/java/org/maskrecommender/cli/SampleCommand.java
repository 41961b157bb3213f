package org.maskrecommender.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.maskrecommender.core.data.FitTestCsv;
import org.maskrecommender.training.data.TrainingDataLoader;
import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;

/** {@code sample}: writes the generator's fit tests as an export-shaped file, to inspect or to train on. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Write synthetic fit tests (the app's export shape, with realistic defects) to a file.")
public final class SampleCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file (.csv or .json).")
    Path out;

    @Option(names = "--users", defaultValue = "1500", description = "Number of users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    public SampleCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        var rows = TrainingDataLoader.sampleRows(new SampleSettings(seed, users));
        byte[] content = out.toString().endsWith(".json")
                ? context.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(rows)
                : FitTestCsv.write(rows);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.write(out, content);
        context.out().printf("Wrote %d fit tests of %d users to %s%n", rows.size(), users, out);
        return 0;
    }
}
