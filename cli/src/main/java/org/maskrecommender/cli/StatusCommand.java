package org.maskrecommender.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.deployer.release.StatusService;

/** {@code status}: the deployer's {@code StatusService}: alias, routing, model, release record, last ledger entries. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Where an environment stands: alias live and its routing, the model and release record of "
                + "that version, and the last entries of the deployment ledger.")
public final class StatusCommand implements Callable<Integer> {

    /** Ledger entries shown, as the deployer Lambda's status action. */
    static final int ENTRIES = 10;

    private final CliContext context;

    @Option(names = "--environment", required = true, paramLabel = "E", description = "staging or production.")
    Environment environment;

    @Option(names = "--store", paramLabel = "DIR|s3://bucket/prefix",
            description = "The environment's store (the ledger lives there). Default: model-store/<environment>.")
    String store;

    @Option(names = "--json", description = "Print the status as one JSON object.")
    boolean json;

    public StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        DeployerSetup setup;
        try {
            setup = new DeployerSetup(context, environment, store);
        } catch (IllegalArgumentException e) {
            context.err().println("error: " + e.getMessage());
            return 2;
        }
        StatusService.Status status;
        try {
            // status sends no email
            status = setup.services(notification -> { }).status().status(environment, ENTRIES);
        } catch (RuntimeException e) {
            context.err().println("error: " + e.getMessage());
            return 1;
        }
        new DeployerOutput(context).status(status, setup.target().modelStore(), json);
        return 0;
    }
}
