package org.maskrecommender.core.sample;

import java.util.List;

import org.maskrecommender.core.data.FitTestRow;
import org.maskrecommender.core.domain.Mask;

/**
 * Generated fit tests in the app's export shape, with the truth behind them.
 *
 * @param rows  export rows, including the dirty ones cleaning must drop
 * @param users the people who took the tests
 * @param world the masks and the ground truth the rows were drawn from
 */
public record SyntheticFitTests(List<FitTestRow> rows, List<SyntheticUser> users, SyntheticWorld world) {

    public SyntheticFitTests {
        rows = List.copyOf(rows);
        users = List.copyOf(users);
    }

    /** The masks of the world (a catalogue snapshot). */
    public List<Mask> masks() {
        return world.masks();
    }
}
