package org.maskrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.data.TabularReader;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.sample.CatalogueWorld;
import org.maskrecommender.core.sample.ReferenceCatalogue;
import org.maskrecommender.core.sample.SyntheticWorld;
import org.maskrecommender.training.data.TrainingDataLoader;

/**
 * The published model, loaded back from the store and run through ONNX Runtime as serving will, ranks fresh
 * people of the generator's world nearly as well as the generator's own oracle (the true logit without per-user
 * noise) ranks them: within 0.02 ROC AUC (target 0.01), on the sample world and on a world built from the
 * reference catalogue (sparse families, real names, styles and straps).
 */
class ModelQualityTest {

    private static final System.Logger LOG = System.getLogger(ModelQualityTest.class.getName());
    private static final double LIMIT = 0.02;

    @TempDir
    Path dir;

    @Test
    void onTheSampleWorldThePublishedModelIsWithin002OfTheOracle() {
        // Same world (seed 42) as the default sample, new people the model never saw.
        SyntheticWorld world = SyntheticWorld.create(TrainingSettings.DEFAULT.sample().seed(),
                TrainingDataLoader.SAMPLE_FAMILIES);
        List<FitTest> fresh = OracleGap.clean(world, 2026, 1_000_000, 1000);

        OracleGap.Figures figures = OracleGap.measure(dir, world, null, fresh, TrainingSettings.DEFAULT);

        LOG.log(System.Logger.Level.INFO, "sample world: " + figures);
        assertThat(figures.oracleAuc()).isGreaterThan(0.75);
        assertThat(figures.modelAuc()).as("sample world: %s", figures)
                .isGreaterThanOrEqualTo(figures.oracleAuc() - LIMIT);
    }

    @Test
    void onTheReferenceCataloguesWorldThePublishedModelIsWithin002OfTheOracle() throws Exception {
        Path file = ReferenceCatalogue.find().orElse(null);
        Assumptions.assumeTrue(file != null, ReferenceCatalogue::absent);
        SyntheticWorld world = CatalogueWorld.create(new TabularReader(Json.newMapper()), file.toString(),
                Files.readAllBytes(file), 11);
        var rows = world.fitTests(12, 1, CatalogueWorld.USERS_LIKE_THE_REAL_DATA, true).rows();
        List<FitTest> fresh = OracleGap.clean(world, 2026, 1_000_000, 3000);

        OracleGap.Figures figures = OracleGap.measure(dir, world, rows, fresh, TrainingSettings.DEFAULT);

        LOG.log(System.Logger.Level.INFO, "reference catalogue's world: " + figures);
        assertThat(figures.oracleAuc()).isGreaterThan(0.75);
        assertThat(figures.modelAuc()).as("reference catalogue's world: %s", figures)
                .isGreaterThanOrEqualTo(figures.oracleAuc() - LIMIT);
    }
}
