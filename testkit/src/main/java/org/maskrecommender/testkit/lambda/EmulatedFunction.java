package org.maskrecommender.testkit.lambda;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One emulated function: {@code $LATEST} (code, environment, RevisionId and the LastUpdateStatus state machine), its
 * published versions and aliases, its deployment packages by sha256, and the faults a test injected. Not
 * thread-safe: used only under the {@link EmulatorState} monitor.
 */
final class EmulatedFunction {

    static final String LATEST = "$LATEST";
    /** Polls of {@code $LATEST} that still report {@code InProgress} after an update, before one reads Successful. */
    static final int UPDATE_POLLS_IN_PROGRESS = 1;

    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    /** What PublishVersion compares: {@code $LATEST}'s code and environment (all the emulated API changes). */
    record Content(String codeSha256, long codeSize, Map<String, String> environment) {

        Content {
            environment = Map.copyOf(environment);
        }
    }

    record Version(String number, Content content, String description, String revisionId, String lastModified) {
    }

    record Alias(String name, String functionVersion, String description, Map<String, Double> weights,
            String revisionId) {

        Alias {
            weights = Collections.unmodifiableMap(new TreeMap<>(weights));
        }

        AliasView view(String functionName) {
            return new AliasView(functionName, name, functionVersion, description, weights, revisionId);
        }
    }

    /**
     * A published version's state: {@code Active}, or with SnapStart {@code Pending} while the snapshot is taken
     * (for {@code pollsLeft} more polls of the version), or {@code Failed}.
     */
    static final class VersionState {
        String state;
        String reasonCode;
        String reason;
        int pollsLeft;
        /** How the snapshot ends: null = Active, else Failed with this code and reason. */
        String failureCode;
        String failure;

        VersionState(String state, String reasonCode, String reason, int pollsLeft) {
            this.state = state;
            this.reasonCode = reasonCode;
            this.reason = reason;
            this.pollsLeft = pollsLeft;
        }
    }

    static final String ACTIVE = "Active";
    static final String PENDING = "Pending";
    static final String FAILED = "Failed";
    /** Polls of a SnapStart version that still report Pending, unless a test says otherwise. */
    static final int DEFAULT_SNAPSTART_POLLS = 2;

    final String name;
    final FunctionSettings settings;
    final List<Version> versions = new ArrayList<>();
    final Map<String, Alias> aliases = new TreeMap<>();
    /** Faults a test injected: updates answering 409, requests answering 429, invokes answering 500 after running. */
    int failNextUpdates;
    int throttleNext;
    int serviceErrorAfterNextInvokes;
    /** How many polls of a new SnapStart version read Pending before one reads Active. */
    int snapStartPolls = DEFAULT_SNAPSTART_POLLS;
    /** When set, a Pending version ends Failed with this StateReasonCode and reason instead of Active. */
    String snapStartFailureCode;
    String snapStartFailure;
    Invoker invoker;
    private final Map<String, VersionState> states = new HashMap<>();
    private final Map<String, PackageKind> kinds = new HashMap<>();

    private final Map<String, byte[]> code = new HashMap<>();
    private Content content;
    private String revisionId;
    private String lastModified;
    private boolean inProgress;
    private int pollsLeft;
    private int lastVersionNumber;

    /** A function as CreateFunction leaves it once Active: LastUpdateStatus Successful, no versions or aliases. */
    EmulatedFunction(String name, byte[] zip, Map<String, String> environment, FunctionSettings settings) {
        this.name = name;
        this.settings = settings;
        this.content = new Content(storeCode(zip), zip.length, environment);
        this.revisionId = newRevisionId();
        this.lastModified = now();
    }

    Content content() {
        return content;
    }

    String revisionId() {
        return revisionId;
    }

    String lastModified() {
        return lastModified;
    }

    boolean updateInProgress() {
        return inProgress;
    }

    /** UpdateFunctionCode: replaces {@code $LATEST}'s code and starts an update. */
    void updateCode(byte[] zip) {
        startUpdate(new Content(storeCode(zip), zip.length, content.environment()));
    }

    /** UpdateFunctionConfiguration: replaces {@code $LATEST}'s whole environment and starts an update. */
    void updateEnvironment(Map<String, String> environment) {
        startUpdate(new Content(content.codeSha256(), content.codeSize(), environment));
    }

    private void startUpdate(Content changed) {
        content = changed;
        revisionId = newRevisionId();
        lastModified = now();
        inProgress = true;
        pollsLeft = UPDATE_POLLS_IN_PROGRESS;
    }

    /** A GetFunction/GetFunctionConfiguration of {@code $LATEST}: a pending update moves on toward Successful. */
    void poll() {
        if (inProgress) {
            if (pollsLeft > 0) {
                pollsLeft--;
            } else {
                inProgress = false;
            }
        }
    }

    /** Snapshots {@code $LATEST} as the next version, or returns the last one when {@code $LATEST} is unchanged. */
    Version publish(String description) {
        if (!versions.isEmpty()) {
            Version last = versions.get(versions.size() - 1);
            if (last.content().equals(content)) {
                return last;
            }
        }
        Version v = new Version(Integer.toString(++lastVersionNumber), content,
                description == null ? "" : description, newRevisionId(), now());
        versions.add(v);
        VersionState vs = settings.snapStart()
                ? new VersionState(PENDING, "Creating", "The function is being created.", snapStartPolls)
                : new VersionState(ACTIVE, null, null, 0);
        vs.failureCode = snapStartFailureCode;
        vs.failure = snapStartFailure;
        states.put(v.number(), vs);
        return v;
    }

    /** A published version's state, null for {@code $LATEST} or an unknown number. */
    VersionState state(String number) {
        return states.get(number);
    }

    /** A GetFunction/GetFunctionConfiguration of a published version: a Pending snapshot moves on toward Active. */
    void pollVersion(String number) {
        VersionState s = states.get(number);
        if (s != null && PENDING.equals(s.state)) {
            if (s.pollsLeft > 0) {
                s.pollsLeft--;
            } else {
                s.state = s.failureCode == null ? ACTIVE : FAILED;
                s.reasonCode = s.failureCode;
                s.reason = s.failure;
            }
        }
    }

    /** The kind of the deployment package with this CodeSha256. */
    PackageKind kind(String codeSha256) {
        return kinds.get(codeSha256);
    }

    /** A published version by number, or null. */
    Version version(String number) {
        for (Version v : versions) {
            if (v.number().equals(number)) {
                return v;
            }
        }
        return null;
    }

    /** The deployment package with this CodeSha256 (of {@code $LATEST} or a version), or null. */
    byte[] code(String codeSha256) {
        byte[] zip = code.get(codeSha256);
        return zip == null ? null : zip.clone();
    }

    String arn(String qualifier) {
        return arn(name, qualifier);
    }

    static String arn(String functionName, String qualifier) {
        return "arn:aws:lambda:" + LambdaEmulator.REGION + ":" + LambdaEmulator.ACCOUNT_ID + ":function:"
                + functionName + (qualifier == null ? "" : ":" + qualifier);
    }

    FunctionVersionView latestView() {
        return new FunctionVersionView(name, LATEST, content.environment(), content.codeSha256(), content.codeSize(),
                "", revisionId);
    }

    FunctionVersionView view(Version v) {
        return new FunctionVersionView(name, v.number(), v.content().environment(), v.content().codeSha256(),
                v.content().codeSize(), v.description(), v.revisionId());
    }

    static String newRevisionId() {
        return UUID.randomUUID().toString();
    }

    private String storeCode(byte[] zip) {
        String sha = sha256Base64(zip);
        kinds.put(sha, PackageKind.of(zip));
        code.put(sha, zip.clone());
        return sha;
    }

    private static String now() {
        return LAST_MODIFIED.format(Instant.now());
    }

    static String sha256Base64(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
