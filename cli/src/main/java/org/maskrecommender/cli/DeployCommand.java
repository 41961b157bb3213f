package org.maskrecommender.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.maskrecommender.core.data.S3Uri;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.deployer.release.CodeLocation;
import org.maskrecommender.deployer.release.ReleaseRequest;
import org.maskrecommender.deployer.release.ReleaseResult;
import org.maskrecommender.deployer.release.ReleaseTag;

/**
 * {@code deploy}: one release through the deployer's {@code ReleaseService}: a tagged build's code zip
 * with the environment's latest model, or a model version alone; smoke-tested before alias {@code live}
 * moves, recorded in the ledger, emailed.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Release to an environment's inference function: a tag's code zip (--tag with --code) or a "
                + "model version alone (--model-version). The new Lambda version must pass a smoke test before "
                + "alias live moves; every outcome goes to the deployment ledger and to email.")
public final class DeployCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--environment", required = true, paramLabel = "E", description = "staging or production.")
    Environment environment;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    /** A tag release or a model-only release. */
    static final class What {
        @ArgGroup(exclusive = false, multiplicity = "1")
        TagRelease tagRelease;

        @Option(names = "--model-version", required = true, paramLabel = "VERSION",
                description = "Model-only release of this published model version (code unchanged).")
        String modelVersion;
    }

    /** --tag and --code go together. */
    static final class TagRelease {
        @Option(names = "--tag", required = true, paramLabel = "TAG",
                description = "Release tag, <environment>-recommender-vX.Y.Z; its prefix must match --environment.")
        String tag;

        @Option(names = "--code", required = true, paramLabel = "s3://bucket/key",
                description = "The tag's function zip in S3; released with the environment's latest model.")
        String code;
    }

    @Option(names = "--store", paramLabel = "DIR|s3://bucket/prefix",
            description = "The environment's store (models, ledger, release records). Default: model-store/<environment>.")
    String store;

    @Option(names = "--canary", paramLabel = "W",
            description = "Route this share of traffic (0-1, exclusive) to the new version and smoke-test through "
                    + "the alias before shifting fully.")
    Double canary;

    @Option(names = "--json", description = "Print the release result as one JSON object.")
    boolean json;

    public DeployCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        DeployerSetup setup;
        ReleaseRequest request;
        Notifier notifier;
        try {
            setup = new DeployerSetup(context, environment, store);
            ReleaseTag tag = null;
            CodeLocation code = null;
            if (what.tagRelease != null) {
                tag = ReleaseTag.parse(what.tagRelease.tag);
                code = codeLocation(what.tagRelease.code);
            }
            Trigger trigger = setup.trigger(tag == null ? Trigger.Type.MANUAL : Trigger.Type.TAG,
                    tag == null ? null : tag.tag(), true);
            // The request itself refuses a tag of another environment and a canary weight outside (0, 1).
            request = new ReleaseRequest(environment, tag, code, what.modelVersion, trigger, canary);
            notifier = context.notifier();
        } catch (IllegalArgumentException e) {
            context.err().println("error: " + e.getMessage());
            return 2;
        }
        var target = setup.target();
        context.err().printf("… releasing %s to %s (alias %s, store %s)%n",
                request.tag() != null ? "tag " + request.tag().tag() + " (code " + request.code() + ")"
                        : "model " + request.modelVersion(), target.functionName(), target.alias(), target.modelStore());
        ReleaseResult result;
        try {
            result = setup.services(notifier).releases().release(request);
        } catch (RuntimeException e) {
            context.err().println("error: " + e.getMessage());
            return 1;
        }
        return new DeployerOutput(context).result(result, target, json);
    }

    private static CodeLocation codeLocation(String code) {
        S3Uri uri = S3Uri.parse(code.strip());
        if (uri.key().isBlank() || uri.key().endsWith("/")) {
            throw new IllegalArgumentException("--code must name a zip object, s3://bucket/key; got " + code);
        }
        return new CodeLocation(uri.bucket(), uri.key());
    }
}
