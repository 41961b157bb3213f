package org.maskrecommender.core.store;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.data.SourceContent;

/**
 * Model versions in a {@link BlobStore}, laid out as
 * <pre>
 * models/&lt;version&gt;/model.onnx
 * models/&lt;version&gt;/masks.json
 * models/&lt;version&gt;/model-card.html   (optional: versions published before cards have none)
 * models/&lt;version&gt;/manifest.json
 * models/latest.json
 * </pre>
 * Versions are immutable. {@code latest.json} is written last, and only after every file of the
 * version was read back and matched its checksum, so a reader following the pointer never finds an
 * incomplete or corrupt version, and a publish that fails anywhere leaves the previous pointer. The pointer
 * carries the manifest's sha256 ({@link ModelRef}), so a manifest edited afterwards is refused by readers; it is
 * replaced only by a compare-and-swap, and only by a newer version, so concurrent publishes cannot move it back.
 *
 * <p>Above 300 lines because publishing, the pointer's compare-and-swap and verified loading are one protocol over
 * the same layout; splitting it would spread the order the files are written and checked in over several classes.
 */
public final class ModelStore {

    static final String LATEST_KEY = "models/latest.json";
    /** Pointer writes that lose this often in a row give up: something is badly wrong, not just busy. */
    private static final int MAX_POINTER_ATTEMPTS = 20;

    private final BlobStore blobs;
    private final ObjectMapper mapper;

    public ModelStore(BlobStore blobs, ObjectMapper mapper) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Stores a new version, verifies it, then points {@code latest.json} at it.
     *
     * @throws VersionExistsException     when any file of the version is already stored
     * @throws ArtifactIntegrityException when a file read back differs from what was written
     * @throws StoreFailedException       when the store fails (unreachable, an error answer), naming the object and
     *                                    whether {@code latest.json} moved
     */
    public PublishedVersion publish(ModelArtifacts artifacts) {
        return publish(artifacts, true);
    }

    /**
     * Publishes a version; with {@code moveLatest} false the files are written and verified but
     * {@code latest.json} stays where it was (a version kept but not promoted by the quality gate). With
     * {@code moveLatest} true the pointer moves to it unless it already names a newer version
     * ({@link PublishedVersion#latest()} says which happened).
     */
    public PublishedVersion publish(ModelArtifacts artifacts, boolean moveLatest) {
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(artifacts.manifest(), "manifest");
        String version = checkVersion(artifacts.manifest().version());
        Step step = new Step();
        try {
            return publish(artifacts, moveLatest, version, step);
        } catch (VersionExistsException | ArtifactIntegrityException | IllegalArgumentException
                 | IllegalStateException | UnsupportedOperationException e) {
            throw e; // the store answered: a refusal or damaged bytes, already named
        } catch (RuntimeException e) {
            // the store failed (unreachable, an error answer): say what was being done and what is served now
            String object = blobs.describe(step.key);
            throw new StoreFailedException("publishing " + version + " failed " + step.action + " " + object + ": "
                    + e.getMessage() + "; " + (step.pointer
                    ? "whether " + blobs.describe(LATEST_KEY) + " moved to " + version + " is unknown (read it to see)"
                    : blobs.describe(LATEST_KEY) + " was not moved: it names what it named before, not " + version),
                    object, !step.pointer, e);
        }
    }

    /** What a publish is doing, for the message of a store failure. */
    private static final class Step {
        private String action = "checking";
        private String key = "models/";
        private boolean pointer;

        void at(String newAction, String newKey) {
            action = newAction;
            key = newKey;
        }
    }

    private PublishedVersion publish(ModelArtifacts artifacts, boolean moveLatest, String version, Step step) {
        Objects.requireNonNull(artifacts.modelOnnx(), "modelOnnx");
        Objects.requireNonNull(artifacts.masksJson(), "masksJson");

        String manifestKey = key(version, Manifest.MANIFEST_FILE);
        String modelKey = key(version, Manifest.MODEL_FILE);
        String masksKey = key(version, Manifest.MASKS_FILE);
        String cardKey = key(version, Manifest.CARD_FILE);
        byte[] card = artifacts.modelCardHtml();
        // model.onnx is checked too: a publish that died before writing the manifest leaves a
        // half-version, and completing it with other bytes would be an overwrite in all but name
        step.at("checking", key(version, ""));
        if (blobs.exists(manifestKey) || blobs.exists(modelKey)) {
            throw new VersionExistsException(version, blobs.describe(key(version, "")));
        }

        Map<String, String> checksums = new LinkedHashMap<>();
        checksums.put(Manifest.MODEL_FILE, SourceContent.sha256(artifacts.modelOnnx()));
        checksums.put(Manifest.MASKS_FILE, SourceContent.sha256(artifacts.masksJson()));
        if (card != null) {
            checksums.put(Manifest.CARD_FILE, SourceContent.sha256(card));
        }
        Manifest manifest = artifacts.manifest().withFiles(checksums);
        byte[] manifestBytes = write(manifest, "manifest of " + version);
        String manifestSha256 = SourceContent.sha256(manifestBytes);

        step.at("writing", modelKey);
        createOrRefuse(version, modelKey, artifacts.modelOnnx());
        step.at("writing", masksKey);
        createOrRefuse(version, masksKey, artifacts.masksJson());
        if (card != null) {
            step.at("writing", cardKey);
            createOrRefuse(version, cardKey, card);
        }
        // last of the three: a manifest present means the files it names were written
        step.at("writing", manifestKey);
        createOrRefuse(version, manifestKey, manifestBytes);

        step.at("reading back", modelKey);
        verifyStored(modelKey, checksums.get(Manifest.MODEL_FILE));
        step.at("reading back", masksKey);
        verifyStored(masksKey, checksums.get(Manifest.MASKS_FILE));
        if (card != null) {
            step.at("reading back", cardKey);
            verifyStored(cardKey, checksums.get(Manifest.CARD_FILE));
        }
        step.at("reading back", manifestKey);
        verifyStored(manifestKey, manifestSha256);
        Manifest readBack = parseManifest(version, manifestKey, read(manifestKey));
        if (!version.equals(readBack.version()) || !checksums.equals(readBack.files())) {
            throw new ArtifactIntegrityException("manifest read back from " + blobs.describe(manifestKey)
                    + " does not describe version " + version + " and its files");
        }
        // The bytes already match, so this checks the mapper: a field it writes but does not read
        // back would show readers another manifest. Compared as JSON trees both parsed from text, not
        // as records: free-form blocks (metrics, …) built with float or long nodes read back as
        // double or int nodes, which record equality would count as a difference.
        if (!readTree(manifestBytes).equals(readTree(write(readBack, "manifest read back")))) {
            throw new ArtifactIntegrityException("manifest read back from " + blobs.describe(manifestKey)
                    + " parses to something other than what was written (a field lost by the JSON mapping?)");
        }

        step.at("moving", LATEST_KEY);
        step.pointer = true;
        boolean latest = moveLatest && movePointer(new ModelRef(version, manifestSha256), manifest.createdAt());
        return new PublishedVersion(version, blobs.describe(key(version, "")), manifestSha256, latest);
    }

    /**
     * Points {@code latest.json} at {@code ref} unless it names a version created later (by creation time, then
     * version id: ids alone resolve only seconds), by a compare-and-swap on the pointer as read, so of concurrent
     * publishes the newest stays. A pointer that does not parse is replaced: the version it would have named cannot
     * be served anyway.
     *
     * @param createdAt when the version was created (its manifest's {@code created_at})
     * @return whether the pointer names {@code ref} now
     */
    private boolean movePointer(ModelRef ref, Instant createdAt) {
        LatestPointer mine = new LatestPointer(ref.version(), ref.manifestSha256(), createdAt, Instant.now());
        byte[] pointer = write(mine, "latest pointer");
        for (int attempt = 1; attempt <= MAX_POINTER_ATTEMPTS; attempt++) {
            Optional<BlobStore.Versioned> current = blobs.getVersioned(LATEST_KEY);
            Optional<LatestPointer> theirs = current.flatMap(c -> readPointer(c.content()));
            if (theirs.isPresent() && !theirs.get().isOlderThan(mine)) {
                return theirs.get().version().equals(ref.version());
            }
            if (blobs.putIfMatch(LATEST_KEY, pointer, current.map(BlobStore.Versioned::tag).orElse(null))) {
                return true;
            }
        }
        throw new IllegalStateException("could not move " + blobs.describe(LATEST_KEY) + " to " + ref.version()
                + ": " + MAX_POINTER_ATTEMPTS + " attempts in a row lost to other writers");
    }

    /**
     * What {@code latest.json} names; empty when nothing was published yet.
     *
     * @throws ArtifactIntegrityException when the pointer does not parse or names no version and manifest hash
     */
    public Optional<ModelRef> latest() {
        return blobs.get(LATEST_KEY).map(bytes -> parsePointer(bytes).orElseThrow(() ->
                new ArtifactIntegrityException(blobs.describe(LATEST_KEY) + " does not name a version and the sha256 "
                        + "of its manifest")));
    }

    /** The version {@code latest.json} points at; empty when nothing was published yet. */
    public Optional<String> latestVersion() {
        return latest().map(ModelRef::version);
    }

    /**
     * The version with the sha256 of its manifest as stored now: for pinning a version for the first time, when
     * no pointer or release recorded its hash (an operator's explicit version). Later loads through the returned
     * ref refuse any edit made after this call.
     *
     * @throws ModelNotFoundException when the version has no manifest
     */
    public ModelRef refOf(String version) {
        checkVersion(version);
        String manifestKey = key(version, Manifest.MANIFEST_FILE);
        byte[] bytes = blobs.get(manifestKey)
                .orElseThrow(() -> new ModelNotFoundException(version, blobs.describe(manifestKey)));
        return new ModelRef(version, SourceContent.sha256(bytes));
    }

    private Optional<ModelRef> parsePointer(byte[] bytes) {
        return readPointer(bytes).map(p -> new ModelRef(p.version(), p.manifestSha256()));
    }

    private Optional<LatestPointer> readPointer(byte[] bytes) {
        try {
            LatestPointer pointer = mapper.readValue(bytes, LatestPointer.class);
            if (pointer == null) {
                return Optional.empty();
            }
            new ModelRef(pointer.version(), pointer.manifestSha256()); // the same rules as every reader's
            return Optional.of(pointer);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * The manifest of a version.
     *
     * @throws IllegalArgumentException   when {@code version} is not a version id
     * @throws ModelNotFoundException     when the version has no manifest
     * @throws ArtifactIntegrityException when the manifest does not parse or names another version
     */
    public Manifest manifest(String version) {
        checkVersion(version);
        String manifestKey = key(version, Manifest.MANIFEST_FILE);
        byte[] bytes = blobs.get(manifestKey)
                .orElseThrow(() -> new ModelNotFoundException(version, blobs.describe(manifestKey)));
        return parseManifest(version, manifestKey, bytes);
    }

    /**
     * A version's manifest, checked against the sha256 the ref pins, and its files, each checked against the
     * manifest's sha256: nothing edited after publishing is returned.
     *
     * @throws ModelNotFoundException     when the version has no manifest
     * @throws ArtifactIntegrityException when the manifest is not the one pinned, or a file is missing or
     *                                    differs from its checksum
     */
    public VerifiedModel load(ModelRef ref) {
        Manifest manifest = pinnedManifest(ref);
        byte[] model = readVerified(manifest, Manifest.MODEL_FILE);
        byte[] masks = readVerified(manifest, Manifest.MASKS_FILE);
        if (listsCard(manifest)) {
            // not needed to serve, but part of the version the hash pins: an edited card means an edited version
            readVerified(manifest, Manifest.CARD_FILE);
        }
        return new VerifiedModel(manifest, model, masks);
    }

    /**
     * The model card of a version, checked against the manifest the ref pins; empty when the version was published
     * before cards existed (its manifest names no card: not an integrity error).
     *
     * @throws ModelNotFoundException     when the version has no manifest
     * @throws ArtifactIntegrityException when the manifest is not the one pinned, or the card it names is missing or
     *                                    differs from its checksum
     */
    public Optional<byte[]> card(ModelRef ref) {
        Manifest manifest = pinnedManifest(ref);
        return listsCard(manifest) ? Optional.of(readVerified(manifest, Manifest.CARD_FILE)) : Optional.empty();
    }

    /** The manifest of a ref's version, refused unless it is the one the ref pins. */
    private Manifest pinnedManifest(ModelRef ref) {
        String manifestKey = key(ref.version(), Manifest.MANIFEST_FILE);
        byte[] bytes = blobs.get(manifestKey)
                .orElseThrow(() -> new ModelNotFoundException(ref.version(), blobs.describe(manifestKey)));
        String actual = SourceContent.sha256(bytes);
        if (!actual.equals(ref.manifestSha256())) {
            throw new ArtifactIntegrityException("the manifest of " + ref.version() + " is not the one published: "
                    + ArtifactIntegrityException.checksumMismatch(blobs.describe(manifestKey), ref.manifestSha256(),
                    actual).getMessage() + " (edited after publishing?)");
        }
        return parseManifest(ref.version(), manifestKey, bytes);
    }

    /**
     * Where a version's model card lives (a file path for a local store, an {@code s3://} URI for S3), whether or
     * not it has one: for emails and command output.
     */
    public String cardLocation(String version) {
        return blobs.describe(key(checkVersion(version), Manifest.CARD_FILE));
    }

    /** Whether this manifest's version was published with a model card. */
    public static boolean listsCard(Manifest manifest) {
        return manifest.files() != null && manifest.files().containsKey(Manifest.CARD_FILE);
    }

    /** Where the store lives, for logs and command output. */
    public String location() {
        return blobs.describe("");
    }

    /** The environment's store these versions live in, beside its deployment ledgers and release records. */
    public BlobStore blobs() {
        return blobs;
    }

    private byte[] readVerified(Manifest manifest, String file) {
        String fileKey = key(manifest.version(), file);
        String expected = manifest.files() == null ? null : manifest.files().get(file);
        if (expected == null) {
            throw new ArtifactIntegrityException("manifest of " + manifest.version() + " has no sha256 for " + file
                    + " (at " + blobs.describe(key(manifest.version(), Manifest.MANIFEST_FILE)) + ")");
        }
        byte[] bytes = read(fileKey);
        String actual = SourceContent.sha256(bytes);
        if (!actual.equalsIgnoreCase(expected)) {
            throw ArtifactIntegrityException.checksumMismatch(blobs.describe(fileKey), expected, actual);
        }
        return bytes;
    }

    private void verifyStored(String fileKey, String expectedSha256) {
        String actual = SourceContent.sha256(read(fileKey));
        if (!actual.equals(expectedSha256)) {
            throw ArtifactIntegrityException.checksumMismatch(blobs.describe(fileKey), expectedSha256, actual);
        }
    }

    /** Reads a file the manifest promises; absence means the version is damaged, not unknown. */
    private byte[] read(String fileKey) {
        return blobs.get(fileKey).orElseThrow(() -> new ArtifactIntegrityException(
                blobs.describe(fileKey) + " is missing"));
    }

    private void createOrRefuse(String version, String fileKey, byte[] content) {
        if (!blobs.putIfAbsent(fileKey, content)) {
            // another publisher got there between our check and this write
            throw new VersionExistsException(version, blobs.describe(fileKey));
        }
    }

    private Manifest parseManifest(String version, String manifestKey, byte[] bytes) {
        Manifest manifest;
        try {
            manifest = mapper.readValue(bytes, Manifest.class);
        } catch (IOException e) {
            throw new ArtifactIntegrityException("cannot parse " + blobs.describe(manifestKey) + ": " + e.getMessage(), e);
        }
        if (manifest == null || !version.equals(manifest.version())) {
            throw new ArtifactIntegrityException(blobs.describe(manifestKey) + " describes version "
                    + (manifest == null ? null : manifest.version()) + ", not " + version);
        }
        return manifest;
    }

    private byte[] write(Object value, String what) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize the " + what + ": " + e.getMessage(), e);
        }
    }

    private JsonNode readTree(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new ArtifactIntegrityException("manifest JSON does not parse: " + e.getMessage(), e);
        }
    }

    private static String checkVersion(String version) {
        // versions become key segments: anything else could point outside models/<version>/
        if (!ModelVersion.isWellFormed(version)) {
            throw new IllegalArgumentException("not a model version id (expected e.g. 20261128T050012Z-3f9a1c2e): "
                    + version);
        }
        return version;
    }

    private static String key(String version, String file) {
        return "models/" + version + "/" + file;
    }

    /**
     * {@code models/latest.json}.
     *
     * @param version        the version readers should serve
     * @param manifestSha256 hex sha256 of that version's manifest.json, as published
     * @param createdAt      when that version was created (its manifest's {@code created_at}), for ordering
     * @param publishedAt    when it became the latest
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LatestPointer(String version, String manifestSha256, Instant createdAt, Instant publishedAt) {

        /** Whether this version was created before {@code other}'s: by creation time, then by version id. */
        boolean isOlderThan(LatestPointer other) {
            if (createdAt != null && other.createdAt != null && !createdAt.equals(other.createdAt)) {
                return createdAt.isBefore(other.createdAt);
            }
            if (createdAt == null && other.createdAt != null) {
                return true; // written before pointers recorded creation times
            }
            return version.compareTo(other.version) < 0;
        }
    }
}
