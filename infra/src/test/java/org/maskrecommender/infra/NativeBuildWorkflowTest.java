package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every function the template can run natively ({@code provided.al2023}) is built natively in a container by a
 * workflow that runs its integration tests against the executable, and the release workflow does so before anything
 * reaches AWS. The native build cannot run on a machine without a container runtime, so this is what the JVM build
 * can check: the workflows' steps and their order, the Maven wiring of the integration tests, the test classes, and
 * the pinned builder image.
 */
class NativeBuildWorkflowTest {

    private static final Path WORKFLOWS = Template.REPOSITORY.resolve(".github").resolve("workflows");
    private static final Pattern MODULES = Pattern.compile("\\s-pl\\s+([A-Za-z0-9_,-]+)");
    private static final Pattern CODE_URI = Pattern.compile("^\\.\\./([a-z-]+)/target/function\\.zip$");
    private static final Pattern IT_CLASS = Pattern.compile(
            "@QuarkusIntegrationTest\\s+(?:public\\s+)?class\\s+(\\w+IT)\\s+extends\\s+(\\w+Test)\\b");

    private final Template template = Template.load();

    /** A workflow step that builds natively: where it is and the modules it names. */
    private record NativeBuild(String file, String job, int index, Set<String> modules, String run) {
    }

    /** The modules whose zip a template function can run on provided.al2023. */
    private Set<String> nativeModules() {
        Set<String> modules = new TreeSet<>();
        for (String id : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> p = template.properties(id);
            if (String.valueOf(p.get("Runtime")).contains("provided.al2023")) {
                Matcher uri = CODE_URI.matcher(String.valueOf(p.get("CodeUri")));
                assertThat(uri.matches()).as("%s CodeUri %s", id, p.get("CodeUri")).isTrue();
                modules.add(uri.group(1));
            }
        }
        return modules;
    }

    @Test
    void theNativelyRunFunctionsAreInferenceAndTheDeployerNotTraining() {
        // training stays on the JVM (Tribuo and OLCUT, see docs/infrastructure.md#native-images)
        assertThat(nativeModules()).containsExactly("deployer", "inference");
    }

    @Test
    void everyNativelyRunModuleIsBuiltInAContainerAndVerifiedByAWorkflow() throws IOException {
        Set<String> built = new TreeSet<>();
        for (NativeBuild build : nativeBuilds()) {
            String where = build.file() + " job " + build.job() + " step " + build.index();
            // verify (not package, not -DskipTests): failsafe runs the *IT classes against the executable
            assertThat(build.run()).as(where).contains(" verify").contains("-Dquarkus.native.container-build=true")
                    .doesNotContain("-DskipTests").doesNotContain("-DskipITs").doesNotContain("-Dmaven.test.skip")
                    .doesNotContain("-Dquarkus.native.builder-image");
            for (String module : build.modules()) {
                assertThat(build.run()).as(where).contains("test -s " + module + "/target/function.zip");
            }
            built.addAll(build.modules());
        }
        assertThat(built).as("modules built natively and tested by some workflow").containsAll(nativeModules());

        // the runner builds nothing natively itself: no GraalVM/Mandrel set up on the host
        for (Map.Entry<String, String> workflow : workflowTexts().entrySet()) {
            assertThat(workflow.getValue()).as(workflow.getKey()).doesNotContain("graalvm/setup-graalvm");
        }
    }

    @Test
    void theReleaseBuildsAndTestsNativelyBeforeItHasCredentialsOrUploads() throws IOException {
        Map<String, Object> job = jobs("release-inference.yml").get("release");
        List<Map<String, Object>> steps = steps(job);
        int build = -1;
        int fallback = -1;
        int credentials = -1;
        int upload = -1;
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = steps.get(i);
            String run = String.valueOf(step.getOrDefault("run", ""));
            if (run.contains("-Pnative")) {
                build = i;
            } else if (run.contains("./mvnw") && run.contains("-pl inference")) {
                fallback = i;
            }
            if (String.valueOf(step.get("uses")).startsWith("aws-actions/configure-aws-credentials")) {
                credentials = i;
            }
            if (run.contains("aws s3 cp")) {
                upload = i;
            }
        }
        assertThat(build).as("the native build step").isNotNegative();
        assertThat(steps.get(build).get("run").toString()).contains("-pl inference ");
        assertThat(credentials).as("AWS credentials come after the native build and its tests").isGreaterThan(build);
        assertThat(upload).as("the upload comes after the native build and its tests").isGreaterThan(build);

        // the JVM fallback is tested the same way: its step verifies the JVM-mode tests, it does not skip them
        assertThat(fallback).as("the JVM fallback step").isGreaterThan(build).isLessThan(credentials);
        Map<String, Object> jvm = steps.get(fallback);
        assertThat(String.valueOf(jvm.get("if"))).contains("ALLOW_JVM_FALLBACK").contains("steps.native.outcome");
        assertThat(jvm.get("run").toString()).contains(" verify").doesNotContain("-DskipTests")
                .doesNotContain("-Dmaven.test.skip");
    }

    @Test
    void ciBuildsNativelyOnTheDefaultBranchAndKeepsTheDeployersTestedZip() throws IOException {
        Map<String, Object> root = workflow("ci.yml");
        Object on = root.containsKey("on") ? root.get("on") : ((Map<?, ?>) root).get(Boolean.TRUE);
        assertThat(map(on, "ci.yml on")).containsKeys("push", "workflow_dispatch");

        Map<String, Object> job = jobs("ci.yml").get("native");
        assertThat(job).as("ci.yml job native").isNotNull();
        assertThat(String.valueOf(job.get("if"))).contains("workflow_dispatch")
                .contains("github.event.repository.default_branch");
        List<Map<String, Object>> steps = steps(job);
        int build = -1;
        int artifact = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (String.valueOf(steps.get(i).getOrDefault("run", "")).contains("-Pnative")) {
                build = i;
            }
            if (String.valueOf(steps.get(i).get("uses")).startsWith("actions/upload-artifact@")) {
                artifact = i;
            }
        }
        assertThat(build).isNotNegative();
        assertThat(artifact).as("the artifact is uploaded after the tested build").isGreaterThan(build);
        Map<String, Object> with = map(steps.get(artifact).get("with"), "upload-artifact with");
        assertThat(with).containsEntry("name", "deployer-function-zip")
                .containsEntry("path", "deployer/target/function.zip").containsEntry("if-no-files-found", "error");
    }

    @Test
    void theMavenBuildRunsTheIntegrationTestsOnlyNativelyAgainstTheExecutable() throws IOException {
        String parent = Files.readString(Template.REPOSITORY.resolve("pom.xml"));
        // one builder image, pinned to a release (not a moving tag such as jdk-25 or latest)
        Matcher image = Pattern.compile("<quarkus\\.native\\.builder-image>([^<]+)</quarkus\\.native\\.builder-image>")
                .matcher(parent);
        assertThat(image.find()).as("quarkus.native.builder-image in the parent pom").isTrue();
        assertThat(image.group(1)).matches("quay\\.io/quarkus/ubi9-quarkus-mandrel-builder-image:\\d+\\.\\d+\\.\\d+\\.\\d+-Final-java\\d+");
        String failsafe = section(parent, "<artifactId>maven-failsafe-plugin</artifactId>", "</plugin>");
        assertThat(failsafe).contains("<goal>integration-test</goal>", "<goal>verify</goal>",
                "<native.image.path>${project.build.directory}/${project.build.finalName}-runner</native.image.path>",
                "<s3proxy.jar>");

        for (String module : nativeModules()) {
            String pom = Files.readString(Template.REPOSITORY.resolve(module).resolve("pom.xml"));
            int nativeProfile = pom.indexOf("<id>native</id>");
            assertThat(nativeProfile).as("%s has a native profile", module).isNotNegative();
            // failsafe only in the native profile: a packaged JVM Lambda never polls the mock event server
            assertThat(pom.indexOf("maven-failsafe-plugin")).as("%s: failsafe inside the native profile", module)
                    .isGreaterThan(nativeProfile);
            assertThat(pom.substring(0, nativeProfile)).doesNotContain("maven-failsafe-plugin");

            List<String> its = integrationTests(module);
            assertThat(its).as("%s: @QuarkusIntegrationTest classes extending a @QuarkusTest class", module)
                    .isNotEmpty();
        }
        assertThat(Files.readString(Template.REPOSITORY.resolve("training/pom.xml")))
                .doesNotContain("maven-failsafe-plugin");
    }

    /** {@code XxxIT extends XxxTest} pairs in a module's tests, each parent a {@code @QuarkusTest}; the IT names. */
    private static List<String> integrationTests(String module) throws IOException {
        List<String> its = new ArrayList<>();
        Path tests = Template.REPOSITORY.resolve(module).resolve("src/test/java");
        try (Stream<Path> files = Files.walk(tests)) {
            for (Path file : files.filter(f -> f.toString().endsWith("IT.java")).sorted().toList()) {
                Matcher it = IT_CLASS.matcher(Files.readString(file));
                assertThat(it.find()).as("%s is an @QuarkusIntegrationTest extending a *Test", file).isTrue();
                Path parent = file.resolveSibling(it.group(2) + ".java");
                assertThat(parent).as("%s's parent", file).exists();
                assertThat(Files.readString(parent)).as(parent.toString()).contains("@QuarkusTest");
                its.add(it.group(1));
            }
        }
        return its;
    }

    private static String section(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        return text.substring(from, text.indexOf(end, from));
    }

    /** Every workflow step whose run builds with {@code -Pnative}. */
    private static List<NativeBuild> nativeBuilds() throws IOException {
        List<NativeBuild> builds = new ArrayList<>();
        for (String file : workflowTexts().keySet()) {
            for (Map.Entry<String, Map<String, Object>> job : jobs(file).entrySet()) {
                List<Map<String, Object>> steps = steps(job.getValue());
                for (int i = 0; i < steps.size(); i++) {
                    String run = String.valueOf(steps.get(i).getOrDefault("run", ""));
                    if (!run.contains("-Pnative")) {
                        continue;
                    }
                    Matcher modules = MODULES.matcher(run);
                    assertThat(modules.find()).as("%s %s: a native build names its modules with -pl", file, job.getKey())
                            .isTrue();
                    builds.add(new NativeBuild(file, job.getKey(), i, Set.of(modules.group(1).split(",")), run));
                }
            }
        }
        assertThat(builds).as("native builds in the workflows").isNotEmpty();
        return builds;
    }

    private static Map<String, String> workflowTexts() throws IOException {
        Map<String, String> texts = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                    texts.put(name, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return texts;
    }

    private static Map<String, Object> workflow(String file) throws IOException {
        return map(new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(WORKFLOWS.resolve(file), StandardCharsets.UTF_8)), file);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> jobs(String file) throws IOException {
        return (Map<String, Map<String, Object>>) (Map<String, ?>) map(workflow(file).get("jobs"), file + " jobs");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        Object steps = job.getOrDefault("steps", List.of());
        assertThat(steps).isInstanceOf(List.class);
        return (List<Map<String, Object>>) steps;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as("%s is a mapping", what).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
