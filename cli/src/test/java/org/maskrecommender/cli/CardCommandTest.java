package org.maskrecommender.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.Manifest;
import org.maskrecommender.core.store.ModelArtifacts;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.VerifiedModel;
import org.maskrecommender.testkit.S3ProxyServer;

class CardCommandTest {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = Json.newMapper();

    private record Run(int status, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (CliContext context = new CliContext(env, dir, new PrintWriter(out), new PrintWriter(err))) {
            int status = MaskRecommenderCli.run(context, args);
            context.out().flush();
            context.err().flush();
            return new Run(status, out.toString(), err.toString());
        }
    }

    private String train(Map<String, String> env, String... storeArgs) throws Exception {
        String[] args = new String[4 + storeArgs.length];
        System.arraycopy(new String[] {"train", "--sample-users", "300", "--json"}, 0, args, 0, 4);
        System.arraycopy(storeArgs, 0, args, 4, storeArgs.length);
        Run train = run(env, args);
        assertThat(train.status()).as(train.err()).isZero();
        return mapper.readTree(train.out()).path("version").asText();
    }

    @Test
    void printsWhereTheLatestCardIsAndCopiesItWithOut() throws Exception {
        String version = train(Map.of());
        Path stored = dir.resolve("model-store/staging/models/" + version + "/model-card.html");

        Run where = run(Map.of(), "card");
        assertThat(where.status()).as(where.err()).isZero();
        assertThat(where.out().strip()).isEqualTo(stored.toString());

        Path out = dir.resolve("cards/latest.html");
        Run copy = run(Map.of(), "card", "--version", version, "--environment", "staging", "--out", out.toString());
        assertThat(copy.status()).as(copy.err()).isZero();
        assertThat(copy.out().strip()).isEqualTo(out.toString());
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(stored));
        assertSelfContainedCard(Files.readString(out), version);
    }

    @Test
    void anEditedCardIsRefused() throws Exception {
        String version = train(Map.of());
        Files.writeString(dir.resolve("model-store/staging/models/" + version + "/model-card.html"), "<p>edited</p>");

        Run copy = run(Map.of(), "card", "--out", dir.resolve("c.html").toString());

        assertThat(copy.status()).isEqualTo(1);
        assertThat(copy.err()).contains("model-card.html").contains("sha256");
        assertThat(dir.resolve("c.html")).doesNotExist();
    }

    @Test
    void aVersionPublishedBeforeCardsGetsOneDrawnFromItsManifest() throws Exception {
        String version = train(Map.of());
        // the same model published again as a version from before cards: no card file, none in the manifest
        ModelStore store = new ModelStore(new LocalBlobStore(dir.resolve("model-store/staging")), mapper);
        VerifiedModel model = store.load(store.latest().orElseThrow());
        Manifest m = model.manifest();
        String old = "20200101T000000Z-00000000";
        store.publish(new ModelArtifacts(new Manifest(old, m.environment(), m.createdAt().minusSeconds(86_400), null,
                m.featureNames(), m.encoding(), m.onnx(), m.referencePredictions(), m.metrics().deepCopy()
                .without(java.util.List.of("size_curves", "held_out_curves")), m.trainingData(), m.code(),
                m.trainer(), m.promotion()), model.modelOnnx(), model.masksJson()), false);

        Run drawn = run(Map.of(), "card", "--version", old);

        assertThat(drawn.status()).as(drawn.err()).isZero();
        Path file = dir.resolve("model-card-" + old + ".html");
        assertThat(drawn.out().strip()).isEqualTo(file.toString());
        assertThat(drawn.err()).contains("published before model cards").contains("not covered by its hashes");
        assertThat(dir.resolve("model-store/staging/models/" + old + "/model-card.html")).doesNotExist();
        Document doc = assertSelfContainedCard(Files.readString(file), old);
        // curves it never recorded are said to be missing; size curves are scored again from its model
        assertThat(doc.select("#evaluation figcaption").text()).contains("ROC curve: not recorded");
        assertThat(doc.select("figure.size-curve")).hasSize(m.encoding().styles().size());
        assertThat(version).isNotEqualTo(old);
    }

    @Test
    void anEmptyStoreSaysSo() {
        Run run = run(Map.of(), "card", "--environment", "production");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("nothing is published").contains("production");
    }

    @Test
    void anS3CardIsNamedByItsUriAndDownloadedWithOut() throws Exception {
        S3ProxyServer s3proxy = S3ProxyServer.shared();
        String bucket = "cards-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        s3proxy.createBucket(bucket);
        Map<String, String> env = s3proxy.awsEnvironment();
        String store = "s3://" + bucket + "/staging";
        String version = train(env, "--store", store);

        Run where = run(env, "card", "--store", store);
        assertThat(where.status()).as(where.err()).isZero();
        assertThat(where.out().strip()).isEqualTo(store + "/models/" + version + "/model-card.html");
        assertThat(where.err()).contains("--out");

        Path out = dir.resolve("downloaded.html");
        Run download = run(env, "card", "--store", store, "--out", out.toString());
        assertThat(download.status()).as(download.err()).isZero();
        assertSelfContainedCard(Files.readString(out), version);
    }

    private static Document assertSelfContainedCard(String html, String version) {
        Document doc = Jsoup.parse(html);
        assertThat(doc.title()).contains(version);
        assertThat(doc.select("script, link, img, iframe")).isEmpty();
        doc.getAllElements().forEach(e -> e.attributes().forEach(a -> {
            String key = a.getKey().toLowerCase(Locale.ROOT);
            if (key.equals("src") || key.endsWith("href")) {
                assertThat(a.getValue()).startsWith("#");
            }
        }));
        assertThat(doc.select("style").html().toLowerCase(Locale.ROOT)).doesNotContain("url(").doesNotContain("@import");
        assertThat(doc.select("svg#calibration-chart g.bin")).hasSize(10);
        assertThat(new String(html.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains(version);
        return doc;
    }
}
