package org.maskrecommender.cli;

import picocli.CommandLine.Option;

import org.maskrecommender.core.environment.Environment;

/** Which model a serving command uses: the environment's store and, optionally, a pinned version. */
public final class ModelOptions {

    @Option(names = "--store", paramLabel = "DIR|s3://bucket/prefix",
            description = "The environment's model store. Default: model-store/<environment> in the project.")
    String store;

    @Option(names = "--environment", defaultValue = "staging", description = "Environment (default: ${DEFAULT-VALUE}).")
    Environment environment;

    @Option(names = "--model-version", paramLabel = "VERSION",
            description = "Serve this version instead of the one models/latest.json points at.")
    String modelVersion;

    @Option(names = "--manifest-sha256", paramLabel = "SHA256",
            description = "With --model-version: the sha256 its manifest must have (a release record's "
                    + "model.manifest_sha256). Default: the manifest as stored now.")
    String manifestSha256;
}
