package org.maskrecommender.core.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;

/**
 * The masks a model scores: every mask seen in clean fit tests, plus catalogue entries (which may
 * have no fit tests yet; they are scored from their attributes). A catalogue entry without a
 * perimeter cannot be scored from it and is counted in {@link #unscorable()}; its id is kept, so that serving can tell
 * a caller that asks for it "known, but cannot be scored" rather than "unknown" ({@link #unscorableIds()}).
 *
 * @param masks                   scorable masks, sorted by id
 * @param entriesWithoutPerimeter ids of catalogue entries skipped because they have no usable perimeter, sorted
 */
public record MaskCatalogue(List<Mask> masks, List<Long> entriesWithoutPerimeter) {

    public static final String JSON_WRAPPER_KEY = "masks";
    private static final List<String> REQUIRED = List.of("id", "perimeter_mm");

    public MaskCatalogue {
        masks = List.copyOf(masks);
        entriesWithoutPerimeter = entriesWithoutPerimeter.stream().sorted().distinct().toList();
    }

    /** How many catalogue entries have no usable perimeter. */
    public int unscorable() {
        return entriesWithoutPerimeter.size();
    }

    /** Ids of catalogue entries without a usable perimeter that no fit test measured either: masks never scored. */
    public List<Long> unscorableIds() {
        Set<Long> scored = new HashSet<>();
        masks.forEach(m -> scored.add(m.id()));
        return entriesWithoutPerimeter.stream().filter(id -> !scored.contains(id)).toList();
    }

    /** Parses a catalogue file (CSV or JSON) with {@code id, unique_internal_model_code, fit_family_id, perimeter_mm, style, strap_type}. */
    public static MaskCatalogue parse(TabularReader reader, SourceContent content) {
        List<Mask> masks = new ArrayList<>();
        Map<Long, Integer> lines = new HashMap<>();
        List<Long> unscorable = new ArrayList<>();
        try (Stream<RawRecord> records = reader.records(content.name(), content.bytes(), REQUIRED, JSON_WRAPPER_KEY)) {
            for (Iterator<RawRecord> it = records.iterator(); it.hasNext(); ) {
                RawRecord r = it.next();
                Long id = r.id("id");
                if (id == null) {
                    throw new DataFormatException(r.source(), r.line(), "id", "every catalogue entry needs an id");
                }
                Integer first = lines.putIfAbsent(id, r.line());
                if (first != null) {
                    throw new DataFormatException(r.source(), r.line(), "id", "mask " + id + " appears twice in the "
                            + "catalogue (lines " + first + " and " + r.line() + "), so which entry to use is ambiguous");
                }
                Double perimeter = r.number("perimeter_mm");
                if (perimeter == null || !Double.isFinite(perimeter) || perimeter < FitTestCleaner.MIN_PERIMETER_MM
                        || perimeter > FitTestCleaner.MAX_PERIMETER_MM) {
                    unscorable.add(id);
                    continue;
                }
                masks.add(new Mask(id, r.text("unique_internal_model_code"), r.id("fit_family_id"), perimeter,
                        r.text("style"), r.text("strap_type")));
            }
        }
        return new MaskCatalogue(masks, unscorable);
    }

    /** Masks of the fit tests, overridden and extended by the catalogue's entries (the catalogue is newer). */
    public static MaskCatalogue merge(Collection<FitTest> fitTests, MaskCatalogue catalogue) {
        Map<Long, Mask> byId = new LinkedHashMap<>();
        for (FitTest t : fitTests) {
            byId.putIfAbsent(t.mask().id(), t.mask());
        }
        List<Long> unscorable = new ArrayList<>();
        if (catalogue != null) {
            catalogue.masks().forEach(m -> byId.put(m.id(), m));
            unscorable.addAll(catalogue.entriesWithoutPerimeter());
        }
        List<Mask> sorted = new ArrayList<>(byId.values());
        sorted.sort(Comparator.comparingLong(Mask::id));
        return new MaskCatalogue(sorted, unscorable);
    }
}
