package org.maskrecommender.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.maskrecommender.core.data.DataFormatException;
import org.maskrecommender.core.data.FitTestCsv;
import org.maskrecommender.core.data.FitTestFields;
import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.training.data.TrainingDataLoader;
import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;

/**
 * Bad training files: each is refused as {@code invalid_data} with a message naming the file, the line and the
 * field, and nothing is published: {@code latest.json} keeps its bytes and no version is added. A file with more
 * rows than the limit is refused as {@code input_too_large}, with the same guarantee.
 */
class BadTrainingFilesTest {

    private static final SampleSettings SMALL = new SampleSettings(42, 300);
    private static final TrainingSettings SETTINGS = TrainingSettings.DEFAULT.withSample(SMALL);
    private static final String HEADER = String.join(",", FitTestFields.ALL);
    private static final String GOOD = "1,10,100,7,Aura,402.5,Headstrap,Bifold,true,ft-1,false,0,50.1,98.2,115.3,110.4,250.5";

    @TempDir
    static Path dir;

    private static TrainingService service;
    private static ModelStore store;
    private static byte[] latest;
    private static List<String> versions;
    private static Path goodData;

    @BeforeAll
    static void publishAModel() throws IOException {
        service = TrainingService.builder().mapper(Json.newMapper()).gitSha("test")
                .sources(new SourceReader(() -> {
                    throw new AssertionError("no S3 here");
                }, HttpClient.newHttpClient(), Optional.empty())).build();
        store = new ModelStore(new LocalBlobStore(dir.resolve("store")), Json.newMapper());
        service.train(new TrainingRequest(Environment.STAGING, null, null, Trigger.Type.MANUAL, SETTINGS), store,
                ProgressListener.silent());
        latest = Files.readAllBytes(dir.resolve("store/models/latest.json"));
        versions = versions();
        goodData = dir.resolve("good.csv");
        Files.write(goodData, FitTestCsv.write(TrainingDataLoader.sampleRows(SMALL)));
    }

    private static List<String> versions() throws IOException {
        try (Stream<Path> list = Files.list(dir.resolve("store/models"))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * One bad file.
     *
     * @param name      what is wrong
     * @param file      its name
     * @param content   its bytes
     * @param catalogue whether it is given as the mask catalogue (the fit tests are then good)
     * @param line      the line the message must name
     * @param field     the field the message must name
     */
    record BadFile(String name, String file, byte[] content, boolean catalogue, int line, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<BadFile> files() {
        List<BadFile> f = new ArrayList<>();
        cell(f, "a measurement that is not a number", "nose_mm", "abc");
        cell(f, "a number with a Java type suffix", "chin_mm", "98d");
        cell(f, "a number in hexadecimal", "strap_mm", "0x1p8");
        cell(f, "a number with a unit", "top_cheek_mm", "115mm");
        cell(f, "a number with a NUL in it", "mid_cheek_mm", "11\u00000");
        cell(f, "a fractional user id", "user_id", "12.5");
        cell(f, "a negative mask id", "mask_id", "-3");
        cell(f, "a user id beyond 64 bits", "user_id", "99999999999999999999");
        cell(f, "a fit family id beyond a double", "fit_family_id", "1e400");
        cell(f, "mask_modded that is not a boolean", "mask_modded", "maybe");
        cell(f, "a perimeter with a decimal comma", "perimeter_mm", "\"402,5\"");
        String beard = row("facial_hair_beard_length_mm", "0");
        f.add(csv("a beard length with a byte that is not UTF-8", concat(HEADER + "\n" + GOOD + "\n"
                + beard.substring(0, beard.indexOf(",50.1")), new byte[] {(byte) 0xff},
                ",50.1,98.2,115.3,110.4,250.5\n"), 3, "facial_hair_beard_length_mm"));
        f.add(csv("a column twice in the header", (HEADER + ",nose_mm\n" + GOOD + ",60\n").getBytes(UTF_8), 1,
                "nose_mm"));
        f.add(csv("a required column missing from the header", (HEADER.replace(",strap_mm", "") + "\n"
                + GOOD.substring(0, GOOD.lastIndexOf(',')) + "\n").getBytes(UTF_8), 1, "strap_mm"));
        f.add(csv("a row a value short", (HEADER + "\n" + GOOD + "\n" + GOOD.substring(0, GOOD.lastIndexOf(','))
                + "\n").getBytes(UTF_8), 3, "strap_mm"));
        f.add(csv("a row a value long (an unquoted comma)", (HEADER + "\n" + GOOD + "\n"
                + GOOD.replace("Aura", "Aura, Large") + "\n").getBytes(UTF_8), 3, "strap_mm"));
        f.add(csv("a quote never closed", (HEADER + "\n" + GOOD + "\n" + GOOD.replace("Aura", "\"Aura") + "\n"
                + GOOD + "\n").getBytes(UTF_8), 3, "unique_internal_model_code"));
        f.add(csv("text after a closing quote", (HEADER + "\n" + GOOD + "\n" + GOOD.replace("Aura", "\"Aura\" L")
                + "\n").getBytes(UTF_8), 3, "unique_internal_model_code"));
        json(f, "JSON: a comma missing between fields", "[\n  " + RECORD + ",\n  {\"user_id\": 3 \"mask_id\": 4}\n]",
                3, "user_id");
        json(f, "JSON: the file cut short", "[\n  " + RECORD + ",\n  {\"user_id\": 3, \"nose_mm\": ", 3, "nose_mm");
        json(f, "JSON: NaN", "[\n  " + RECORD + ",\n  {\"user_id\": 3, \"mask_id\": 4, \"nose_mm\": NaN}\n]", 3,
                "nose_mm");
        json(f, "JSON: an object as a value", "[\n  " + RECORD + ",\n  {\"user_id\": 3, \"chin_mm\": {\"mm\": 98}}\n]",
                3, "chin_mm");
        json(f, "JSON: a field twice in a record", "[\n  " + RECORD + ",\n  {\"user_id\": 3, \"user_id\": 4}\n]", 3,
                "user_id");
        json(f, "JSON: a boolean as a measurement", "[\n  " + RECORD + ",\n  {\"user_id\": 3, \"strap_mm\": true}\n]",
                3, "strap_mm");
        json(f, "JSON: mask_modded that is not a boolean", "[\n  " + RECORD
                + ",\n  {\"user_id\": 3,\n   \"mask_modded\": \"sometimes\"}\n]", 3, "mask_modded");
        json(f, "JSON: an object without fit_tests", "{\"masks\": [" + RECORD + "]}", 1, "fit_tests");
        catalogue(f, "catalogue: an id that is not a number", "id,perimeter_mm\n5001,400\nx7,410\n", 3, "id");
        catalogue(f, "catalogue: an entry without an id", "id,perimeter_mm\n5001,400\n,410\n", 3, "id");
        catalogue(f, "catalogue: a mask id twice", "id,perimeter_mm,style\n5001,400,Cup\n5002,410,Cup\n5001,420,Boat\n",
                4, "id");
        catalogue(f, "catalogue: a negative id", "id,perimeter_mm\n-5,400\n", 2, "id");
        catalogue(f, "catalogue: a perimeter with a unit", "id,perimeter_mm\n5001,400mm\n", 2, "perimeter_mm");
        return f;
    }

    private static final String RECORD = "{\"user_id\": 1, \"mask_id\": 2, \"perimeter_mm\": 400, \"qlft_pass\": true,"
            + " \"nose_mm\": 50, \"chin_mm\": 98, \"top_cheek_mm\": 115, \"mid_cheek_mm\": 110, \"strap_mm\": 250}";

    /** The good row as row 2 (line 3), with one cell replaced. */
    private static String row(String field, String value) {
        String[] cells = GOOD.replaceFirst("^1,", "2,").split(",", -1);
        cells[FitTestFields.ALL.indexOf(field)] = value;
        return String.join(",", cells);
    }

    private static void cell(List<BadFile> f, String name, String field, String value) {
        f.add(csv(name, (HEADER + "\n" + GOOD + "\n" + row(field, value) + "\n").getBytes(UTF_8), 3, field));
    }

    private static BadFile csv(String name, byte[] content, int line, String field) {
        return new BadFile(name, "fit-tests-" + slug(name) + ".csv", content, false, line, field);
    }

    private static void json(List<BadFile> f, String name, String content, int line, String field) {
        f.add(new BadFile(name, "fit-tests-" + slug(name) + ".json", content.getBytes(UTF_8), false, line, field));
    }

    private static void catalogue(List<BadFile> f, String name, String content, int line, String field) {
        f.add(new BadFile(name, "catalogue-" + slug(name) + ".csv", content.getBytes(UTF_8), true, line, field));
    }

    private static String slug(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(UTF_8));
        return out.toByteArray();
    }

    @Test
    void thereAreAtLeastTwentyOfThem() {
        assertThat(files()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(files().stream().map(BadFile::file).distinct()).hasSameSizeAs(files());
    }

    /**
     * A file above the row limit is refused while it is read, before cross-validation, naming the file, the limit,
     * the line and the setting; nothing is published.
     */
    @Test
    void aFileAboveTheRowLimitIsInputTooLargeAndNothingIsPublished() throws IOException {
        int rows = TrainingDataLoader.sampleRows(SMALL).size();
        TrainingService limited = TrainingService.builder().mapper(Json.newMapper()).gitSha("test")
                .sources(new SourceReader(() -> {
                    throw new AssertionError("no S3 here");
                }, HttpClient.newHttpClient(), Optional.empty()))
                .maxRows(rows - 1).maxRowsSetting("--max-rows").build();
        List<String> steps = new ArrayList<>();

        TrainingException e = catchThrowableOfType(TrainingException.class, () -> limited.train(new TrainingRequest(
                Environment.STAGING, goodData.toString(), null, Trigger.Type.MANUAL, SETTINGS), store, steps::add));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(TrainingException.Code.INPUT_TOO_LARGE);
        assertThat(e.code().key()).isEqualTo("input_too_large");
        assertThat(e.getMessage()).startsWith(String.format("%s: more than %,d rows (row %,d starts on line ",
                goodData, rows - 1, rows)).contains(String.format("at most %,d fit-test rows", rows - 1))
                .contains("raise --max-rows");
        assertThat(steps).hasSize(1).allMatch(step -> step.startsWith("Reading fit tests"));
        assertThat(Files.readAllBytes(dir.resolve("store/models/latest.json"))).isEqualTo(latest);
        assertThat(versions()).isEqualTo(versions);
    }

    @Test
    void generatedSampleDataCountsAgainstTheLimitToo() {
        TrainingService limited = TrainingService.builder().mapper(Json.newMapper())
                .sources(new SourceReader(() -> null, HttpClient.newHttpClient(), Optional.empty())).maxRows(100).build();

        TrainingException e = catchThrowableOfType(TrainingException.class, () -> limited.train(new TrainingRequest(
                Environment.STAGING, null, null, Trigger.Type.MANUAL, SETTINGS), store, ProgressListener.silent()));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo(TrainingException.Code.INPUT_TOO_LARGE);
        assertThat(e.getMessage()).startsWith("sample:seed=42,users=300: more than 100 rows").contains("maxRows");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void isRefusedWithFileLineAndFieldAndNothingIsPublished(BadFile bad) throws IOException {
        Path file = dir.resolve("bad").resolve(bad.file());
        Files.createDirectories(file.getParent());
        Files.write(file, bad.content());
        TrainingRequest request = bad.catalogue()
                ? new TrainingRequest(Environment.STAGING, goodData.toString(), file.toString(), Trigger.Type.MANUAL, SETTINGS)
                : new TrainingRequest(Environment.STAGING, file.toString(), null, Trigger.Type.MANUAL, SETTINGS);

        TrainingException e = catchThrowableOfType(TrainingException.class,
                () -> service.train(request, store, ProgressListener.silent()));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(TrainingException.Code.INVALID_DATA);
        assertThat(e.getMessage()).startsWith(file.toString() + " line " + bad.line() + ", field " + bad.field() + ": ");
        assertThat(e.getCause()).isInstanceOfSatisfying(DataFormatException.class, cause -> {
            assertThat(cause.source()).isEqualTo(file.toString());
            assertThat(cause.line()).isEqualTo(bad.line());
            assertThat(cause.field()).isEqualTo(bad.field());
        });
        assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("(code ").doesNotContain("was expecting")
                .doesNotContain("JsonReadFeature").doesNotContain("REDACTED");
        assertThat(Files.readAllBytes(dir.resolve("store/models/latest.json"))).isEqualTo(latest);
        assertThat(versions()).isEqualTo(versions);
    }
}
