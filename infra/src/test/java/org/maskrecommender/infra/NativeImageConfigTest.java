package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void reflectConfigNamesTheRecordsJacksonBindsAndTheyExist() throws IOException {
        JsonNode config = JSON.readTree(nativeImageDir("inference").resolve("reflect-config.json").toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode entry : config) {
            String name = entry.path("name").asText();
            names.add(name);
            assertThat(entry.path("allDeclaredConstructors").asBoolean()).as(name).isTrue();
            assertThat(entry.path("allDeclaredMethods").asBoolean()).as(name).isTrue();
            assertThat(entry.path("allDeclaredFields").asBoolean()).as(name).isTrue();
            assertThat(sourceDeclares(name)).as(name + " is declared in core or inference-core").isTrue();
        }

        assertThat(names).contains("org.maskrecommender.core.store.Manifest",
                "org.maskrecommender.core.store.ModelStore$LatestPointer", "org.maskrecommender.core.domain.Mask",
                "org.maskrecommender.inference.Recommendation", "org.maskrecommender.inference.ModelInfo",
                "org.maskrecommender.inference.InvocationLog");
    }

    /** Whether a (possibly nested) class is declared in the sources of core or inference-core. */
    private static boolean sourceDeclares(String className) throws IOException {
        String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        String simple = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
        for (String module : List.of("core", "inference-core")) {
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
