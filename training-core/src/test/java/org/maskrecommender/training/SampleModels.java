package org.maskrecommender.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.Manifest;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;

/**
 * Real models for tests whose subject is not training (serving, releases, the command line): each
 * (environment, sample users) model is trained once per test JVM by the real pipeline on the seeded
 * sample world (seed 42, forced past the quality gate, as a manual run), and then published into any
 * store by copying its files.
 *
 * <p>A byte copy is a valid publish: a store holds {@code models/<version>/{model.onnx, masks.json,
 * model-card.html, manifest.json}} and {@code models/latest.json}, versions are immutable and every reader checks the
 * files against the manifest's sha256, and the manifest names no store. As {@link ModelStore#publish}
 * does, the manifest is written after the files it describes, a version already in the store is refused,
 * and {@code latest.json} is written last. So the same model has the same version in every store, and a
 * store takes each (environment, users) model at most once: a test that needs two versions asks for two
 * sizes.
 *
 * <p>Once per JVM, not per class loader: a Quarkus test's application (one per test profile) has a class
 * loader and a copy of this class of its own, so the models are kept in the system class loader's copy.
 *
 * <p>Training outcomes themselves (metrics, the quality gate, what a run writes) are tested by running
 * training, not through this class.
 */
public final class SampleModels {

    private static final String LATEST = "models/latest.json";

    private record Key(Environment environment, int users) {
    }

    /** A published version's files as training wrote them. */
    private record Trained(String version, byte[] modelOnnx, byte[] masksJson, byte[] card, byte[] manifest,
                           byte[] latest) {
    }

    private static final Map<Key, Trained> TRAINED = new HashMap<>();
    /**
     * The JVM's models, in the system class loader's copy of this class, as {version, model.onnx,
     * masks.json, model-card.html, manifest.json, latest.json}: a Quarkus test's class loader (one per application start)
     * has a copy of its own, which finds and leaves its models here, so they are trained once per JVM.
     */
    private static final Map<String, Object[]> JVM_WIDE = new HashMap<>();

    private SampleModels() {
    }

    /**
     * Publishes the model of {@code users} sample users for {@code environment} into {@code store} and
     * points its {@code latest.json} at it.
     *
     * @return the version
     * @throws IllegalStateException when the store holds that version already
     */
    public static String publish(BlobStore store, Environment environment, int users) {
        Trained model = trained(environment, users);
        String dir = "models/" + model.version() + "/";
        create(store, dir + Manifest.MODEL_FILE, model.modelOnnx());
        create(store, dir + Manifest.MASKS_FILE, model.masksJson());
        create(store, dir + Manifest.CARD_FILE, model.card());
        // last of the files, as ModelStore writes them: a manifest present means its files are there
        create(store, dir + Manifest.MANIFEST_FILE, model.manifest());
        store.put(LATEST, model.latest());
        return model.version();
    }

    /** {@link #publish(BlobStore, Environment, int)} into a model store's blobs. */
    public static String publish(ModelStore store, Environment environment, int users) {
        return publish(store.blobs(), environment, users);
    }

    /** The version {@link #publish} publishes for these arguments (training it if this JVM has not yet). */
    public static String version(Environment environment, int users) {
        return trained(environment, users).version();
    }

    private static void create(BlobStore store, String key, byte[] content) {
        if (!store.putIfAbsent(key, content)) {
            throw new IllegalStateException(store.describe(key) + " exists already: a store takes each sample model "
                    + "once (ask for another number of users for another version)");
        }
    }

    private static synchronized Trained trained(Environment environment, int users) {
        Key key = new Key(environment, users);
        Trained model = TRAINED.get(key);
        if (model == null) {
            String jvmKey = environment.name() + "/" + users;
            Object[] files = (Object[]) callSystemCopy("lookUp", new Class<?>[] {String.class}, jvmKey);
            if (files != null) {
                model = new Trained((String) files[0], (byte[]) files[1], (byte[]) files[2], (byte[]) files[3],
                        (byte[]) files[4], (byte[]) files[5]);
            } else {
                model = train(environment, users);
                callSystemCopy("keep", new Class<?>[] {String.class, Object[].class}, jvmKey, new Object[] {
                    model.version(), model.modelOnnx(), model.masksJson(), model.card(), model.manifest(),
                    model.latest()});
            }
            TRAINED.put(key, model);
        }
        return model;
    }

    @SuppressWarnings("unused") // called through callSystemCopy
    private static synchronized Object[] lookUp(String key) {
        return JVM_WIDE.get(key);
    }

    @SuppressWarnings("unused") // called through callSystemCopy
    private static synchronized void keep(String key, Object[] files) {
        JVM_WIDE.putIfAbsent(key, files);
    }

    /** Calls a static method of the system class loader's copy of this class (this one, outside Quarkus tests). */
    private static Object callSystemCopy(String method, Class<?>[] types, Object... args) {
        try {
            Class<?> owner;
            try {
                owner = Class.forName(SampleModels.class.getName(), true, ClassLoader.getSystemClassLoader());
            } catch (ClassNotFoundException notOnTheSystemClassPath) {
                owner = SampleModels.class;
            }
            java.lang.reflect.Method m = owner.getDeclaredMethod(method, types);
            m.setAccessible(true);
            return m.invoke(null, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the JVM's sample models", e);
        }
    }

    private static Trained train(Environment environment, int users) {
        Path dir;
        try {
            dir = Files.createTempDirectory("sample-model-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory to train a sample model in", e);
        }
        try {
            LocalBlobStore blobs = new LocalBlobStore(dir);
            TrainingService service = TrainingService.builder().mapper(Json.newMapper()).gitSha("test")
                    .sources(new SourceReader(() -> {
                        throw new IllegalStateException("sample models are trained on the sample world, not on S3");
                    }, HttpClient.newHttpClient(), Optional.empty()))
                    .build();
            TrainingResult result = service.train(new TrainingRequest(environment, null, null, Trigger.Type.MANUAL,
                    TrainingSettings.DEFAULT.withSample(new SampleSettings(42, users)), true, null),
                    new ModelStore(blobs, Json.newMapper()), ProgressListener.silent());
            String version = result.version();
            String files = "models/" + version + "/";
            return new Trained(version, read(blobs, files + Manifest.MODEL_FILE), read(blobs, files + Manifest.MASKS_FILE),
                    read(blobs, files + Manifest.CARD_FILE), read(blobs, files + Manifest.MANIFEST_FILE),
                    read(blobs, LATEST));
        } finally {
            deleteRecursively(dir);
        }
    }

    private static byte[] read(BlobStore blobs, String key) {
        return blobs.get(key).orElseThrow(() -> new IllegalStateException("training wrote no " + blobs.describe(key)));
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
