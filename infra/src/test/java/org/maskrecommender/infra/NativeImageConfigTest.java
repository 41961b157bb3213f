package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GraalVM native-image configuration of the functions, checked on the JVM against the ONNX Runtime
 * jar the build uses (classes are looked up without initialising them, so no native library is loaded).
 * This is as far as this machine can go: the native build itself runs in GitHub Actions.
 */
class NativeImageConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JNI up-calls of ONNX Runtime's native code (OrtJniUtil.c and friends), as Java signatures. */
    private static final List<String> JNI_CONSTRUCTORS = List.of(
            "ai.onnxruntime.OnnxTensor(long,long,ai.onnxruntime.TensorInfo)",
            "ai.onnxruntime.OnnxSequence(long,long,ai.onnxruntime.SequenceInfo)",
            "ai.onnxruntime.OnnxMap(long,long,ai.onnxruntime.MapInfo)",
            "ai.onnxruntime.TensorInfo(long[],ai.onnxruntime.OnnxJavaType,ai.onnxruntime.TensorInfo$OnnxTensorType)",
            "ai.onnxruntime.NodeInfo(java.lang.String,ai.onnxruntime.ValueInfo)",
            "ai.onnxruntime.MapInfo(int,ai.onnxruntime.OnnxJavaType,ai.onnxruntime.OnnxJavaType)",
            "ai.onnxruntime.SequenceInfo(int,ai.onnxruntime.OnnxJavaType)",
            "ai.onnxruntime.SequenceInfo(int,ai.onnxruntime.MapInfo)",
            "ai.onnxruntime.OrtException(int,java.lang.String)");

    private static Path nativeImageDir(String module) {
        return Template.REPOSITORY.resolve(module + "/src/main/resources/META-INF/native-image/org.maskrecommender/" + module);
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "training"})
    void onnxRuntimeClassesAreInitialisedAtRunTime(String module) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(nativeImageDir(module).resolve("native-image.properties"))) {
            properties.load(in);
        }

        assertThat(properties.getProperty("Args").split("\\s+")).contains("--initialize-at-run-time=ai.onnxruntime");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "training"})
    void jniConfigNamesRealClassesAndCoversEveryUpCall(String module) throws Exception {
        JsonNode config = JSON.readTree(nativeImageDir(module).resolve("jni-config.json").toFile());
        ClassLoader loader = OrtEnvironment.class.getClassLoader();
        Set<String> registered = new TreeSet<>();
        for (JsonNode entry : config) {
            String name = entry.path("name").asText();
            registered.add(name);
            // array classes in their JVM binary form ([Ljava.lang.String;), which every native-image version reads
            assertThat(Class.forName(name, false, loader)).as(name).isNotNull();
            if (name.startsWith("ai.onnxruntime.")) {
                assertThat(entry.path("allDeclaredConstructors").asBoolean()).as(name).isTrue();
                assertThat(entry.path("allDeclaredMethods").asBoolean()).as(name).isTrue();
            }
        }

        for (String constructor : JNI_CONSTRUCTORS) {
            String owner = constructor.substring(0, constructor.indexOf('('));
            assertThat(registered).as(constructor).contains(owner);
            Class<?> type = Class.forName(owner, false, loader);
            String[] params = constructor.substring(constructor.indexOf('(') + 1, constructor.length() - 1).split(",");
            Class<?>[] types = new Class<?>[params.length];
            for (int i = 0; i < params.length; i++) {
                types[i] = parameterType(params[i], loader);
            }
            assertThat(type.getDeclaredConstructor(types)).as(constructor).isNotNull();
        }
        // static lookups the native code calls on the enums
        assertThat(Class.forName("ai.onnxruntime.TensorInfo$OnnxTensorType", false, loader)
                .getDeclaredMethod("mapFromInt", int.class)).isNotNull();
        Class<?> javaType = Class.forName("ai.onnxruntime.OnnxJavaType", false, loader);
        assertThat(javaType.getDeclaredMethod("mapFromInt", int.class)).isNotNull();
        assertThat(javaType.getDeclaredMethod("mapFromOnnxTensorType",
                Class.forName("ai.onnxruntime.TensorInfo$OnnxTensorType", false, loader))).isNotNull();
        assertThat(registered).contains("java.lang.String", "[Ljava.lang.String;", "ai.onnxruntime.OnnxValue",
                "ai.onnxruntime.TensorInfo$OnnxTensorType", "ai.onnxruntime.OnnxJavaType");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inference", "training"})
    void resourceConfigIncludesExactlyTheTwoLinuxX64Libraries(String module) throws Exception {
        JsonNode config = JSON.readTree(nativeImageDir(module).resolve("resource-config.json").toFile());
        List<Pattern> patterns = new ArrayList<>();
        config.path("resources").path("includes").forEach(i -> patterns.add(Pattern.compile(i.path("pattern").asText())));
        assertThat(patterns).isNotEmpty();

        Set<String> included = new TreeSet<>();
        Path jar = Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                if (patterns.stream().anyMatch(p -> p.matcher(entry.getName()).matches())) {
                    included.add(entry.getName());
                }
            }
        }

        // what OnnxRuntime.load() asks for on Lambda (linux, amd64), and nothing for other platforms
        assertThat(included).containsExactly("ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so");
    }

    @Test
    void trainingUsesTheSameOnnxRuntimeConfigurationAsInference() throws IOException {
        for (String file : List.of("jni-config.json", "resource-config.json")) {
            assertThat(Files.readString(nativeImageDir("training").resolve(file))).as(file)
                    .isEqualTo(Files.readString(nativeImageDir("inference").resolve(file)));
        }
    }

    /**
     * What each natively deployed function hands to Jackson's data binding ({@code readValue}, {@code treeToValue},
     * {@code valueToTree}, {@code writeValueAs…}), by binary name: the roots the reflection configuration must
     * cover with everything their record components reach. Call sites: inference: ModelStore (manifest.json,
     * latest.json), ModelLoader (masks.json), InferenceService (model info, recommendations), InferenceFunction
     * (the log line); deployer: ModelStore (the model it verifies), VerifiedModel.masks (the masks.json its probes
     * pick from), Ledger (entries), ReleaseRecords, DeployerService (the release result, status).
     */
    private static final Map<String, List<String>> JACKSON_ROOTS = Map.of(
            "inference", List.of("org.maskrecommender.core.store.Manifest",
                    "org.maskrecommender.core.store.ModelStore$LatestPointer", "org.maskrecommender.core.domain.Mask",
                    "org.maskrecommender.inference.ModelInfo", "org.maskrecommender.inference.Recommendation",
                    "org.maskrecommender.inference.InvocationLog"),
            "deployer", List.of("org.maskrecommender.core.store.Manifest",
                    "org.maskrecommender.core.store.ModelStore$LatestPointer", "org.maskrecommender.core.domain.Mask",
                    "org.maskrecommender.core.ledger.LedgerEntry", "org.maskrecommender.deployer.release.ReleaseRecord",
                    "org.maskrecommender.deployer.release.ReleaseResult",
                    "org.maskrecommender.deployer.release.StatusService$Status"));

    /** The modules whose sources declare the project's registered types. */
    private static final List<String> SOURCE_MODULES = List.of("core", "inference-core", "deployer-core");

    @ParameterizedTest
    @ValueSource(strings = {"inference", "deployer"})
    void reflectConfigNamesTypesThatExistWithEverythingJacksonNeeds(String module) throws Exception {
        JsonNode config = JSON.readTree(nativeImageDir(module).resolve("reflect-config.json").toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode entry : config) {
            String name = entry.path("name").asText();
            assertThat(names.add(name)).as("%s registered once", name).isTrue();
            assertThat(entry.path("allDeclaredConstructors").asBoolean()).as(name).isTrue();
            assertThat(entry.path("allDeclaredMethods").asBoolean()).as(name).isTrue();
            assertThat(entry.path("allDeclaredFields").asBoolean()).as(name).isTrue();
            if (name.startsWith("org.maskrecommender.")) {
                assertThat(sourceDeclares(name)).as(name + " is declared in " + SOURCE_MODULES).isTrue();
            } else {
                assertThat(load(name)).as(name).isNotNull();
            }
        }
    }

    /**
     * Native images answer reflection only for registered types: an unregistered record has no visible constructor
     * or accessors for Jackson, an unregistered enum loses its {@code @JsonValue}/{@code @JsonCreator} (so
     * {@code "staging"} would not read back), and a {@code @JsonNaming} strategy cannot be instantiated. So the
     * configuration must name every project type the roots reach through record components, collection and map
     * type arguments, and each naming strategy they use. Quarkus's Jackson extension would find the annotations
     * only in indexed application classes, not in these plain-library jars.
     */
    @ParameterizedTest
    @ValueSource(strings = {"inference", "deployer"})
    void reflectConfigCoversEveryTypeJacksonReachesFromTheFunctionsBindings(String module) throws Exception {
        JsonNode config = JSON.readTree(nativeImageDir(module).resolve("reflect-config.json").toFile());
        Set<String> registered = new TreeSet<>();
        config.forEach(entry -> registered.add(entry.path("name").asText()));

        Set<Class<?>> reached = new java.util.LinkedHashSet<>();
        for (String root : JACKSON_ROOTS.get(module)) {
            reach(load(root), reached);
        }
        Set<String> needed = new TreeSet<>();
        for (Class<?> type : reached) {
            needed.add(type.getName());
            com.fasterxml.jackson.databind.annotation.JsonNaming naming =
                    type.getAnnotation(com.fasterxml.jackson.databind.annotation.JsonNaming.class);
            if (naming != null) {
                needed.add(naming.value().getName());
            }
        }

        assertThat(needed).as("sanity: the walk reached the nested types")
                .contains("org.maskrecommender.core.environment.Environment");
        assertThat(registered).as("%s reflect-config.json", module).containsAll(needed);
    }

    /** Adds {@code type} and, for the project's records, every type their components reach. */
    private static void reach(java.lang.reflect.Type type, Set<Class<?>> reached) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                reach(c.getComponentType(), reached);
            } else if (c.getName().startsWith("org.maskrecommender.") && reached.add(c) && c.isRecord()) {
                for (java.lang.reflect.RecordComponent component : c.getRecordComponents()) {
                    reach(component.getGenericType(), reached);
                }
            }
        } else if (type instanceof java.lang.reflect.ParameterizedType p) {
            reach(p.getRawType(), reached);
            for (java.lang.reflect.Type argument : p.getActualTypeArguments()) {
                reach(argument, reached);
            }
        } else if (type instanceof java.lang.reflect.WildcardType w) {
            for (java.lang.reflect.Type bound : w.getUpperBounds()) {
                reach(bound, reached);
            }
        }
    }

    private static Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, false, NativeImageConfigTest.class.getClassLoader());
    }

    /** Whether a (possibly nested) class is declared in the sources of {@link #SOURCE_MODULES}. */
    private static boolean sourceDeclares(String className) throws IOException {
        String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        String simple = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
        for (String module : SOURCE_MODULES) {
            Path source = Template.REPOSITORY.resolve(module + "/src/main/java/" + outer.replace('.', '/') + ".java");
            if (Files.exists(source)) {
                return Pattern.compile("\\b(record|class|enum)\\s+" + simple + "\\b").matcher(Files.readString(source)).find();
            }
        }
        return false;
    }

    private static Class<?> parameterType(String name, ClassLoader loader) throws ClassNotFoundException {
        return switch (name) {
            case "int" -> int.class;
            case "long" -> long.class;
            case "long[]" -> long[].class;
            default -> Class.forName(name, false, loader);
        };
    }
}
