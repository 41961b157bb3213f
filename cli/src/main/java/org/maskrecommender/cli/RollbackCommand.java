package org.maskrecommender.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.deployer.release.ReleaseResult;

/** {@code rollback}: the deployer's {@code RollbackService}: alias {@code live} back in one UpdateAlias call. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Move alias live of an environment's inference function back: to the previous successful "
                + "version in the deployment ledger, or to --to-version. Versions that do not exist are refused.")
public final class RollbackCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--environment", required = true, paramLabel = "E", description = "staging or production.")
    Environment environment;

    @Option(names = "--to-version", paramLabel = "N",
            description = "The Lambda version to go back to. Default: the previous successful one in the ledger.")
    String toVersion;

    @Option(names = "--store", paramLabel = "DIR|s3://bucket/prefix",
            description = "The environment's store (the ledger lives there). Default: model-store/<environment>.")
    String store;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    public RollbackCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        DeployerSetup setup;
        Notifier notifier;
        try {
            setup = new DeployerSetup(context, environment, store);
            notifier = context.notifier();
        } catch (IllegalArgumentException e) {
            context.err().println("error: " + e.getMessage());
            return 2;
        }
        var target = setup.target();
        context.err().printf("… rolling back alias %s of %s to %s%n", target.alias(), target.functionName(),
                toVersion == null ? "the previous successful version" : "version " + toVersion);
        ReleaseResult result;
        try {
            result = setup.services(notifier).rollbacks().rollback(environment, toVersion,
                    setup.trigger(Trigger.Type.MANUAL, null, false));
        } catch (RuntimeException e) {
            context.err().println("error: " + e.getMessage());
            return 1;
        }
        return new DeployerOutput(context).result(result, target, json);
    }
}
