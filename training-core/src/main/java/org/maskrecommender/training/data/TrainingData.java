package org.maskrecommender.training.data;

import java.util.List;

import org.maskrecommender.core.data.MaskCatalogue;
import org.maskrecommender.core.data.RowCounts;
import org.maskrecommender.core.domain.FitTest;

/**
 * Clean rows and the masks to score, with where they came from.
 *
 * @param fitTests          clean fit tests
 * @param counts            read/kept/dropped-by-reason
 * @param masks             the catalogue the model will score (fit-test masks plus catalogue entries)
 * @param dataLocation      where the fit tests came from ({@code sample:…} for generated data)
 * @param dataSha256        sha256 of the fit-test bytes as read
 * @param catalogueLocation where the catalogue came from, null when none
 * @param catalogueSha256   sha256 of the catalogue bytes, null when none
 */
public record TrainingData(List<FitTest> fitTests, RowCounts counts, MaskCatalogue masks, String dataLocation,
                           String dataSha256, String catalogueLocation, String catalogueSha256) {

    public TrainingData {
        fitTests = List.copyOf(fitTests);
    }
}
