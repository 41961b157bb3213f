package org.maskrecommender.training.data;

import java.util.List;
import java.util.Set;

import org.maskrecommender.core.data.CleanedFitTests;
import org.maskrecommender.core.data.FitTestCleaner;
import org.maskrecommender.core.data.FitTestCsv;
import org.maskrecommender.core.data.FitTestFile;
import org.maskrecommender.core.data.MaskCatalogue;
import org.maskrecommender.core.data.SourceContent;
import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.data.TabularReader;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.sample.SyntheticFitTests;
import org.maskrecommender.core.sample.SyntheticWorld;

/**
 * Reads and cleans the training data. Generated sample data goes through the same CSV parsing and
 * cleaning as a real export, so the main job on the sample exercises the real path.
 */
public final class TrainingDataLoader {

    /** Fit families in the sample world. */
    public static final int SAMPLE_FAMILIES = 40;

    private final SourceReader sources;
    private final TabularReader tabular;
    private final FitTestCleaner cleaner = new FitTestCleaner();

    public TrainingDataLoader(SourceReader sources, TabularReader tabular) {
        this.sources = sources;
        this.tabular = tabular;
    }

    /**
     * @param dataLocation      fit-test location, or null for the sample generator
     * @param catalogueLocation mask catalogue location, or null
     * @param sample            sample generator settings, used when {@code dataLocation} is null
     * @param maxRows           the most fit-test rows read (before cleaning), generated sample rows included
     * @throws org.maskrecommender.core.data.InputTooLargeException as soon as the row after the limit is read
     */
    public TrainingData load(String dataLocation, String catalogueLocation, SampleSettings sample, int maxRows) {
        if (dataLocation == null) {
            return sample(catalogueLocation, sample, maxRows);
        }
        SourceContent data = sources.read(dataLocation);
        CleanedFitTests cleaned = cleaner.clean(new FitTestFile(tabular).parse(data, maxRows));
        return withCatalogue(cleaned, data, catalogueLocation);
    }

    private TrainingData sample(String catalogueLocation, SampleSettings sample, int maxRows) {
        SyntheticWorld world = SyntheticWorld.create(sample.seed(), SAMPLE_FAMILIES);
        SyntheticFitTests generated = world.fitTests(sample.seed() + 1, 1, sample.users(), true);
        SourceContent data = new SourceContent(sample.describe(), FitTestCsv.write(generated.rows()));
        CleanedFitTests cleaned = cleaner.clean(new FitTestFile(tabular).parse(data, maxRows));
        if (catalogueLocation != null) {
            return withCatalogue(cleaned, data, catalogueLocation);
        }
        // The sample's own catalogue: every mask of the world, so masks nobody tested are scored too.
        Set<Mask> measured = Set.copyOf(world.measuredMasks());
        List<Long> unmeasured = world.masks().stream().filter(m -> !measured.contains(m)).map(Mask::id).toList();
        MaskCatalogue catalogue = MaskCatalogue.merge(cleaned.fitTests(),
                new MaskCatalogue(world.measuredMasks(), unmeasured));
        return new TrainingData(cleaned.fitTests(), cleaned.counts(), catalogue, data.name(), data.sha256(), null, null);
    }

    private TrainingData withCatalogue(CleanedFitTests cleaned, SourceContent data, String catalogueLocation) {
        MaskCatalogue catalogue = null;
        SourceContent catalogueContent = null;
        if (catalogueLocation != null) {
            catalogueContent = sources.read(catalogueLocation);
            catalogue = MaskCatalogue.parse(tabular, catalogueContent);
        }
        return new TrainingData(cleaned.fitTests(), cleaned.counts(), MaskCatalogue.merge(cleaned.fitTests(), catalogue),
                data.name(), data.sha256(), catalogueLocation, catalogueContent == null ? null : catalogueContent.sha256());
    }

    /**
     * Settings of the sample generator.
     *
     * @param seed  seed of the world and (seed + 1) of its people
     * @param users number of people; each tries 4–12 masks
     */
    public record SampleSettings(long seed, int users) {

        public static final SampleSettings DEFAULT = new SampleSettings(42, 1500);

        String describe() {
            return "sample:seed=" + seed + ",users=" + users;
        }
    }

    /** Rows of a sample, without reading anything; used by benchmarks and tests. */
    public static List<org.maskrecommender.core.data.FitTestRow> sampleRows(SampleSettings sample) {
        return SyntheticWorld.create(sample.seed(), SAMPLE_FAMILIES).fitTests(sample.seed() + 1, 1, sample.users(), true)
                .rows();
    }
}
