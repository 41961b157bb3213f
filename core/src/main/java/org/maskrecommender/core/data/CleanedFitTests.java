package org.maskrecommender.core.data;

import java.util.List;

import org.maskrecommender.core.domain.FitTest;

/**
 * The rows that can be trained on, and the counts of what was dropped and why.
 *
 * @param fitTests clean rows, in file order
 * @param counts   read/kept/dropped-by-reason
 */
public record CleanedFitTests(List<FitTest> fitTests, RowCounts counts) {

    public CleanedFitTests {
        fitTests = List.copyOf(fitTests);
    }
}
