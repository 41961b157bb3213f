package org.maskrecommender.deployer.release;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.ledger.ConcurrentReleaseException;
import org.maskrecommender.core.ledger.Ledger;
import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.core.ledger.LedgerSnapshot;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.Manifest;
import org.maskrecommender.core.store.ModelRef;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.VerifiedModel;
import org.maskrecommender.deployer.alarm.BakeWatch;
import org.maskrecommender.deployer.notify.NotificationComposer;

/**
 * A release (docs/operations.md): verify the code and the model, update $LATEST
 * (code and/or {@code MODEL_VERSION}), wait, publish a version guarded by CodeSha256/RevisionId,
 * smoke-invoke it and run the probe set on it, optionally canary, move the alias, record and email. Any failure
 * leaves the alias where it was (putting it back during a canary); every outcome goes to the ledger and to email.
 *
 * <p>Above 300 lines because it is the release protocol in the order it runs (check, update, publish, wait,
 * smoke-test and probes, commit, move, conclude, email); its steps' mechanics live in LambdaOperations, LiveCode,
 * SmokeTest, LambdaProbeScorer and DeploymentPackage.
 */
public final class ReleaseService {

    private static final System.Logger LOG = System.getLogger(ReleaseService.class.getName());
    /** Environment variable naming the release record a Lambda version was published from. */
    public static final String RELEASE_RECORD_VARIABLE = "RELEASE_RECORD";
    public static final String MODEL_VERSION_VARIABLE = "MODEL_VERSION";
    /** Environment variable pinning the sha256 of that model's manifest, so an edited manifest is not served. */
    public static final String MODEL_MANIFEST_SHA256_VARIABLE = "MODEL_MANIFEST_SHA256";
    /** The canned request every new inference version must answer (ranked masks) before it gets traffic. */
    public static final String SMOKE_REQUEST = SmokeTest.REQUEST;

    private final DeploymentTargets targets;
    private final Function<String, BlobStore> stores;
    private final LambdaOperations lambda;
    private final LiveCode code;
    private final SmokeTest smoke;
    private final Notifier notifier;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final int canaryInvocations;
    private final BakeWatch bake;

    /**
     * Assembled by {@code DeployerServices}, which supplies the defaults.
     *
     * @param targets           where each environment's function and store are
     * @param stores            store location → blob store
     * @param s3                S3 client for code zips
     * @param lambda            Lambda control-plane calls
     * @param notifier          email
     * @param mapper            JSON
     * @param clock             time of ledger entries and records
     * @param smokeRequest      the canned inference request every new version must answer
     * @param canaryInvocations smoke invocations through the alias while a canary runs
     * @param bake              what watches a release afterwards, for its email
     */
    public ReleaseService(DeploymentTargets targets, Function<String, BlobStore> stores,
                          Supplier<S3Client> s3, LambdaOperations lambda, Notifier notifier,
                          ObjectMapper mapper, Clock clock, byte[] smokeRequest, int canaryInvocations,
                          BakeWatch bake) {
        this.targets = targets;
        this.stores = stores;
        this.lambda = lambda;
        this.code = new LiveCode(lambda, s3);
        this.smoke = new SmokeTest(lambda, mapper, smokeRequest);
        this.notifier = notifier;
        this.mapper = mapper;
        this.clock = clock;
        this.canaryInvocations = canaryInvocations;
        this.bake = bake;
    }

    public ReleaseResult release(ReleaseRequest request) {
        DeploymentTarget target = targets.of(request.environment());
        BlobStore store = stores.apply(target.modelStore());
        Ledger ledger = new Ledger(store, target.functionName(), mapper);
        String eventId = request.trigger().eventId();
        LedgerSnapshot snapshot = ledger.snapshot();
        if (eventId != null) {
            Optional<LedgerEntry> earlier = snapshot.findByEventId(eventId);
            if (earlier.isPresent()) {
                LOG.log(System.Logger.Level.INFO, () -> "event " + eventId + " was already handled (entry "
                        + earlier.get().id() + ", " + earlier.get().outcome().json() + "); not releasing again");
                return new ReleaseResult(earlier.get(), true, null);
            }
        }
        Progress p = new Progress(target, request);
        ReleaseRecords records = new ReleaseRecords(store, mapper);
        if (request.tag() != null) {
            // A tag is released once: a re-run workflow or a late retry must not put an older tag back over a
            // newer one. Going back to it is a rollback.
            Optional<ReleaseRecord> earlier = records.read(request.tag().tag());
            if (earlier.isPresent()) {
                LedgerEntry refused = p.entry(LedgerEntry.Outcome.REFUSED, "tag " + request.tag().tag()
                        + " was already released as version " + earlier.get().lambdaVersion()
                        + " of " + target.functionName() + "; to return to it, roll back to that version");
                ledger.append(refused);
                return new ReleaseResult(refused, false, null);
            }
        }
        try {
            p.fromVersion = lambda.alias(target.functionName(), target.alias()).map(LambdaOperations.AliasState::version)
                    .orElse(null);
            // (1) the model and the code exist and verify
            ModelStore models = new ModelStore(store, mapper);
            ModelRef model = modelToRelease(models, request);
            p.modelVersion = model.version();
            VerifiedModel files = verifyModel(models, model);
            Manifest manifest = files.manifest();
            List<Mask> catalogue = catalogueOf(files, model);
            p.metrics = manifest.metrics();
            p.card = ModelStore.listsCard(manifest) ? models.cardLocation(model.version()) : null;
            LiveCode.Digest zip = request.code() == null ? null : code.digest(request.code());
            if (zip != null) {
                p.codeSha256 = zip.lambda();
                // Lambda would take a package of the wrong kind and fail only when invoked, after $LATEST changed.
                code.checkRuns(target, request.code(), zip);
            }
            String recordKey = ReleaseRecords.keyOf(ReleaseRecord.nameOf(
                    request.tag() == null ? null : request.tag().tag(), p.modelVersion));

            // (2, 3) update $LATEST and wait
            if (request.code() != null) {
                lambda.updateCode(target.functionName(), request.code());
                LambdaOperations.FunctionState latest = code.latest(target);
                if (!latest.codeSha256().equals(p.codeSha256)) {
                    throw new ReleaseException("after UpdateFunctionCode, $LATEST has code " + latest.codeSha256()
                            + " but the zip at " + request.code() + " is " + p.codeSha256);
                }
            }
            if (request.code() == null && p.fromVersion != null) {
                code.restoreInLatest(target, p.fromVersion, records);
            }
            lambda.mergeEnvironment(target.functionName(), Map.of(MODEL_VERSION_VARIABLE, p.modelVersion,
                    MODEL_MANIFEST_SHA256_VARIABLE, model.manifestSha256(), RELEASE_RECORD_VARIABLE, recordKey));

            // (4) publish exactly the state verified above
            LambdaOperations.FunctionState latest = code.latest(target);
            if (p.codeSha256 == null) {
                p.codeSha256 = latest.codeSha256();
            }
            String description = describe(request, p.modelVersion, recordKey);
            p.toVersion = lambda.publish(target.functionName(), p.codeSha256, latest.revisionId(), description);
            LOG.log(System.Logger.Level.INFO, () -> "published " + target.functionName() + " version " + p.toVersion
                    + " (model " + p.modelVersion + ")");

            // (4b) a SnapStart version cannot be invoked or take traffic until its snapshot is taken
            Duration timeout = LambdaOperations.timeoutOf(lambda.awaitActive(target.functionName(), p.toVersion));

            // (5) the new version answers with the expected model, and behaves: the probe set training checked
            smoke.check(target, p.toVersion, p.modelVersion, timeout);
            smoke.probes(target, p.toVersion, p.modelVersion, catalogue, timeout);

            // (6) canary, then the whole alias
            if (request.canaryWeight() != null && p.fromVersion != null && !p.fromVersion.equals(p.toVersion)) {
                Duration both = lambda.configuration(target.functionName(), p.fromVersion)
                        .map(LambdaOperations::timeoutOf).filter(t -> t.compareTo(timeout) > 0).orElse(timeout);
                p.canaryStarted = true;
                lambda.pointAlias(target.functionName(), target.alias(), p.fromVersion,
                        Map.of(p.toVersion, request.canaryWeight()), "canary " + description);
                smoke.canary(target, p.toVersion, canaryInvocations, request.canaryWeight(), both);
            }
            // The ledger decides which of two concurrent releases wins, before the alias moves: a pending entry,
            // concluded once the alias has moved, so a failure in between never reads as a success.
            commit(ledger, snapshot, p.entry(LedgerEntry.Outcome.PENDING, null));
            lambda.pointAlias(target.functionName(), target.alias(), p.toVersion, Map.of(), description);
            p.aliasMoved = true;
            LedgerEntry entry = p.entry(LedgerEntry.Outcome.SUCCEEDED, null);
            ledger.append(entry);

            // (7) the release record, immutable; the release has happened whatever becomes of it
            writeRecord(records, releaseRecord(request, p, zip, model, manifest, target), recordKey);
            notify(entry, p.metrics, p.card);
            return new ReleaseResult(entry, false, recordKey);
        } catch (ConcurrentReleaseException e) {
            return fail(ledger, p, "another release of " + target.functionName()
                    + " finished first; this one did not move the alias: " + e.getMessage());
        } catch (ReleaseException | IllegalArgumentException e) {
            return fail(ledger, p, e.getMessage());
        } catch (SdkException e) {
            return fail(ledger, p, "AWS call failed: " + e.getMessage());
        } catch (RuntimeException e) {
            // Whatever broke (store, ledger, I/O), the invariant holds: alias restored, failure recorded, emailed.
            return fail(ledger, p, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void writeRecord(ReleaseRecords records, ReleaseRecord record, String recordKey) {
        try {
            if (!records.write(record)) {
                LOG.log(System.Logger.Level.INFO, () -> "release record " + recordKey + " already exists; kept as it is");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, () -> "the release happened but its record " + recordKey
                    + " could not be written: " + e.getMessage());
        }
    }

    /**
     * Records the release (or rollback) unless another one may have moved the alias since it started. Entries of
     * failed or refused attempts in between do not count: they moved nothing; pending and succeeded ones do.
     */
    static void commit(Ledger ledger, LedgerSnapshot seenBefore, LedgerEntry entry) {
        try {
            ledger.commit(seenBefore, entry);
        } catch (ConcurrentReleaseException e) {
            LedgerSnapshot now = ledger.snapshot();
            boolean moved = now.entries().subList(Math.min(seenBefore.entries().size(), now.entries().size()),
                    now.entries().size()).stream().anyMatch(x -> x.outcome() == LedgerEntry.Outcome.SUCCEEDED
                            || x.outcome() == LedgerEntry.Outcome.PENDING);
            if (moved) {
                throw e;
            }
            ledger.commit(now, entry);
        }
    }

    private ReleaseResult fail(Ledger ledger, Progress p, String error) {
        if ((p.canaryStarted || p.aliasMoved) && p.fromVersion != null) {
            try {
                lambda.pointAlias(p.target.functionName(), p.target.alias(), p.fromVersion, Map.of(),
                        "restored after a failed release");
            } catch (RuntimeException restore) {
                error += "; restoring the alias to " + p.fromVersion + " ALSO FAILED: " + restore.getMessage();
            }
        }
        String reason = error;
        LOG.log(System.Logger.Level.ERROR, () -> "release of " + p.target.functionName() + " failed: " + reason);
        // Same id: when the pending entry was committed, this concludes it.
        LedgerEntry entry = p.entry(LedgerEntry.Outcome.FAILED, error);
        try {
            ledger.append(entry);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, () -> "could not record the failed release in the ledger: " + e.getMessage());
        }
        notify(entry, p.metrics, p.card);
        return new ReleaseResult(entry, false, null);
    }

    /**
     * The model and the manifest hash to pin: the version asked for (else {@code latest.json}'s), with the hash the
     * request names (a Model Trained event's), else the one {@code latest.json} records for it, else the manifest
     * as stored now (an operator naming an older version): from here on, nothing edited is served.
     */
    private static ModelRef modelToRelease(ModelStore models, ReleaseRequest request) {
        try {
            if (request.manifestSha256() != null) {
                return new ModelRef(request.modelVersion(), request.manifestSha256());
            }
            Optional<ModelRef> latest = models.latest();
            if (request.modelVersion() == null) {
                return latest.orElseThrow(() -> new ReleaseException("no model published in " + models.location()));
            }
            return latest.filter(l -> l.version().equals(request.modelVersion()))
                    .orElseGet(() -> models.refOf(request.modelVersion()));
        } catch (ReleaseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ReleaseException("the model to release cannot be found: " + e.getMessage(), e);
        }
    }

    private static VerifiedModel verifyModel(ModelStore models, ModelRef model) {
        try {
            return models.load(model);
        } catch (RuntimeException e) {
            throw new ReleaseException("model version " + model.version() + " cannot be released: " + e.getMessage(), e);
        }
    }

    /** The masks the model serves, from which the probe set picks its own as training did. */
    private List<Mask> catalogueOf(VerifiedModel files, ModelRef model) {
        try {
            return files.masks(mapper);
        } catch (IOException e) {
            throw new ReleaseException("model version " + model.version() + " cannot be released: its "
                    + Manifest.MASKS_FILE + " cannot be read: " + e.getMessage(), e);
        }
    }

    private ReleaseRecord releaseRecord(ReleaseRequest request, Progress p, LiveCode.Digest zip, ModelRef model,
                                        Manifest manifest, DeploymentTarget target) {
        ReleaseRecord.Code released = request.code() == null ? null
                : new ReleaseRecord.Code(request.code().s3Bucket(), request.code().s3Key(), zip.hex());
        return new ReleaseRecord(request.tag() == null ? null : request.tag().tag(), target.environment(),
                target.functionName(), p.toVersion, request.trigger().gitSha(), request.trigger().runUrl(), released,
                p.codeSha256, new ReleaseRecord.Model(model.version(), model.manifestSha256(), manifest.files()),
                clock.instant());
    }

    private static String describe(ReleaseRequest request, String modelVersion, String recordKey) {
        String s = (request.tag() == null ? "model-only release" : "tag " + request.tag().tag()) + "; model "
                + modelVersion + "; record " + recordKey;
        return s.length() > 256 ? s.substring(0, 256) : s;
    }

    private void notify(LedgerEntry entry, JsonNode metrics, String card) {
        try {
            notifier.send(new NotificationComposer(bake).compose(entry, metrics, card));
        } catch (RuntimeException e) {
            // A lost email must not fail or repeat a release that already happened.
            LOG.log(System.Logger.Level.ERROR, () -> "could not send the notification for ledger entry " + entry.id()
                    + ": " + e.getMessage());
        }
    }

    /** What a release has learned so far, for its ledger entry whatever happens. */
    private final class Progress {
        final DeploymentTarget target;
        final ReleaseRequest request;
        final String id = UUID.randomUUID().toString();
        String fromVersion;
        String toVersion;
        String modelVersion;
        String codeSha256;
        JsonNode metrics;
        /** Where the model's card is, null when it has none. */
        String card;
        boolean canaryStarted;
        /** The alias points at {@link #toVersion}: a failure from here on must put it back. */
        boolean aliasMoved;

        Progress(DeploymentTarget target, ReleaseRequest request) {
            this.target = target;
            this.request = request;
            this.modelVersion = request.modelVersion();
        }

        LedgerEntry entry(LedgerEntry.Outcome outcome, String error) {
            return new LedgerEntry(id, clock.instant(), LedgerEntry.Action.RELEASE, target.environment(),
                    target.functionName(), request.trigger(), fromVersion, toVersion, modelVersion, codeSha256, outcome,
                    error);
        }
    }

}
