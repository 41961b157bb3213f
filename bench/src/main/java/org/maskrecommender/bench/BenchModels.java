package org.maskrecommender.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

import org.maskrecommender.core.data.FitTestCsv;
import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.sample.SyntheticWorld;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.training.ProgressListener;
import org.maskrecommender.training.TrainingRequest;
import org.maskrecommender.training.TrainingResult;
import org.maskrecommender.training.TrainingService;
import org.maskrecommender.training.TrainingSettings;
import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;

/** Publishes real models for benchmarks, with a catalogue of any size. */
final class BenchModels {

    private static final String[] STYLES = {"Bifold", "Boat", "Cup", "Duckbill"};
    private static final String[] STRAPS = {"Headstrap", "Adjustable Earloop", "Earloop"};

    private BenchModels() {
    }

    /**
     * Trains and publishes a model of a synthetic world with exactly {@code masks} masks in {@code masks / 2} fit
     * families (two colours each), tested by {@code masks / 2} people (about 4 fit tests per mask), so the model knows
     * nearly every family: a catalogue where the family block is as wide as it gets. Two folds, to keep the set-up
     * short; the published model is what the default candidates choose.
     */
    static TrainingResult publishWorld(ModelStore store, int masks, Path workDir) throws IOException {
        SyntheticWorld world = SyntheticWorld.create(masks, masks / 2, 2);
        Path data = workDir.resolve("fit-tests-" + masks + ".csv");
        Files.write(data, FitTestCsv.write(world.fitTests(masks + 1L, 1, Math.max(200, masks / 2), false).rows()));
        Path catalogue = workDir.resolve("world-catalogue-" + masks + ".csv");
        StringBuilder csv = new StringBuilder("id,unique_internal_model_code,fit_family_id,perimeter_mm,style,strap_type\n");
        for (Mask m : world.masks()) {
            csv.append(m.id()).append(",Bench mask ").append(m.id()).append(',').append(m.fitFamilyId()).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.1f", m.perimeterMm())).append(',')
                    .append(m.style()).append(',').append(m.strapType()).append('\n');
        }
        Files.writeString(catalogue, csv, StandardCharsets.UTF_8);
        TrainingService service = TrainingService.builder().gitSha("bench")
                .sources(new SourceReader(() -> null, HttpClient.newHttpClient(), Optional.empty())).build();
        return service.train(new TrainingRequest(Environment.STAGING, data.toString(), catalogue.toString(),
                Trigger.Type.MANUAL, TrainingSettings.DEFAULT.withFolds(2), true, null), store, ProgressListener.silent());
    }

    /** Trains on the sample and publishes with a catalogue of {@code masks} generated masks (plus the sample's). */
    static TrainingResult publish(ModelStore store, int masks, Path workDir) throws IOException {
        Path catalogue = workDir.resolve("catalogue-" + masks + ".csv");
        Random rnd = new Random(masks);
        StringBuilder csv = new StringBuilder("id,unique_internal_model_code,fit_family_id,perimeter_mm,style,strap_type\n");
        for (int i = 0; i < masks; i++) {
            long id = 100_000 + i;
            csv.append(id).append(",Bench mask ").append(i).append(',').append(1000 + i / 2).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.1f", 300 + 160 * rnd.nextDouble())).append(',')
                    .append(STYLES[rnd.nextInt(STYLES.length)]).append(',').append(STRAPS[rnd.nextInt(STRAPS.length)])
                    .append('\n');
        }
        Files.writeString(catalogue, csv, StandardCharsets.UTF_8);
        TrainingService service = TrainingService.builder().gitSha("bench")
                .sources(new SourceReader(() -> null, HttpClient.newHttpClient(), Optional.empty())).build();
        return service.train(new TrainingRequest(Environment.STAGING, null, catalogue.toString(), Trigger.Type.MANUAL,
                TrainingSettings.DEFAULT.withSample(new SampleSettings(42, 400)), true, null), store,
                ProgressListener.silent());
    }
}
