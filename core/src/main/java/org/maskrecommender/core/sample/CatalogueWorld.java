package org.maskrecommender.core.sample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import org.maskrecommender.core.data.RawRecord;
import org.maskrecommender.core.data.TabularReader;
import org.maskrecommender.core.domain.Mask;

/**
 * A synthetic world drawn from a real mask catalogue (the shape of the public Breathesafe catalogue: names, age
 * ranges, width and height where known, style, strap type): its masks keep their real names, styles and straps,
 * and the world gets what the catalogue lacks — fit families, perimeters and a truth — so that it is as sparse as
 * the real data (a few hundred families, about 15 fit tests each with {@link #USERS_LIKE_THE_REAL_DATA} people).
 *
 * <ul>
 *   <li><b>Fit families</b>: masks whose names agree once the first line is taken, bracketed notes and colour
 *       words dropped, and case and punctuation ignored ("Foo KF94 - White" and "Foo KF94 - Black") share one;
 *       a family takes the style, strap and perimeter of its first mask.</li>
 *   <li><b>Perimeter</b> (mm): with width and height, the perimeter of the ellipse with those axes (Ramanujan's
 *       approximation) — a flat mask's seal follows about its outline; otherwise drawn by the size words of the
 *       name or age range: children's (kid, child, toddler, youth, petite, XS, an age range given) ≈ 320 ± 15,
 *       small ≈ 360 ± 15, large ≈ 410 ± 15, others ≈ 385 ± 25.</li>
 *   <li><b>Styles and straps</b> as written; blank is unknown (the model sees no style or strap), and the truth
 *       has a curve for every style and strap found ({@link GroundTruth}).</li>
 *   <li><b>Truth</b>: {@link GroundTruth} with a family effect ~ N(0, 0.5²) per family, as in the sample world.</li>
 * </ul>
 * The catalogue is read, never stored: tests point at it ({@code ../shared/reference/} by default) and skip when
 * it is absent.
 */
public final class CatalogueWorld {

    /** People who make about 7,000 fit tests (4–12 each): the size of the real data. */
    public static final int USERS_LIKE_THE_REAL_DATA = 880;

    private static final Pattern COLOURS = Pattern.compile("\\b(white|black|blue|navy|grey|gray|pink|beige|purple"
            + "|green|red|yellow|orange|brown|tan|khaki|ivory|lavender|mint|teal|colou?rs?|assorted|various|multi)\\b");
    private static final Pattern CHILD = Pattern.compile("kid|child|toddler|youth|petite|junior|\\bxx?s\\b"
            + "|x-small|xsmall");
    private static final Pattern SMALL = Pattern.compile("\\bsmall\\b|\\bsm\\b|\\bs\\b");
    private static final Pattern LARGE = Pattern.compile("\\blarge\\b|\\bxl\\b|\\bl\\b");

    private CatalogueWorld() {
    }

    /**
     * Builds the world from catalogue bytes (CSV with a header; columns {@code unique_internal_model_code},
     * {@code style}, {@code strap_type}, and optionally {@code width_mm}, {@code height_mm}, {@code age_range}).
     *
     * @param source  the catalogue's name, for error messages
     * @param content its bytes
     * @param seed    seed of the drawn perimeters and family effects
     */
    public static SyntheticWorld create(TabularReader reader, String source, byte[] content, long seed) {
        List<RawRecord> records = reader.read(source, content, List.of("unique_internal_model_code", "style",
                "strap_type"), "masks");
        Random rnd = new Random(seed);
        Map<String, Mask> families = new LinkedHashMap<>();
        Map<Long, Double> familyEffects = new HashMap<>();
        List<Mask> masks = new ArrayList<>();
        long maskId = 1;
        for (RawRecord record : records) {
            String name = record.text("unique_internal_model_code");
            if (name == null || name.isBlank()) {
                continue;
            }
            String key = familyKey(name);
            Mask family = families.get(key);
            if (family == null) {
                long familyId = families.size() + 1L;
                family = new Mask(0, name, familyId, perimeter(record, name, rnd), style(record.text("style")),
                        strap(record.text("strap_type")));
                families.put(key, family);
                familyEffects.put(familyId, 0.5 * rnd.nextGaussian());
            }
            masks.add(new Mask(maskId++, name, family.fitFamilyId(), family.perimeterMm(), family.style(),
                    family.strapType()));
        }
        return new SyntheticWorld(masks, Set.of(), new GroundTruth(familyEffects));
    }

    /** The name a family is recognised by: first line, no bracketed notes, no colour words, letters and digits. */
    static String familyKey(String name) {
        String s = name.strip().split("\\R", 2)[0].replaceAll("\\[.*?]", "").toLowerCase(Locale.ROOT);
        s = COLOURS.matcher(s).replaceAll(" ");
        return s.replaceAll("[^a-z0-9]+", " ").strip();
    }

    /** A style as written when the truth has a curve for it; any other named style is "Other". */
    private static String style(String raw) {
        String s = Mask.normalise(raw);
        for (GroundTruth.Style known : GroundTruth.Style.values()) {
            if (Objects.equals(known.label, s)) {
                return s;
            }
        }
        return GroundTruth.Style.OTHER.label;
    }

    /** A strap type as written when the truth has an effect for it; any other is unknown. */
    private static String strap(String raw) {
        String s = Mask.normalise(raw);
        for (GroundTruth.Strap known : GroundTruth.Strap.values()) {
            if (Objects.equals(known.label, s)) {
                return s;
            }
        }
        return null;
    }

    private static double perimeter(RawRecord record, String name, Random rnd) {
        Double width = number(record, "width_mm");
        Double height = number(record, "height_mm");
        // draw even when measured, so one catalogue edit does not reshuffle every later family
        double drawn = rnd.nextGaussian();
        if (width != null && height != null && width > 0 && height > 0) {
            return Math.round(ellipsePerimeter(width / 2, height / 2));
        }
        String lower = name.toLowerCase(Locale.ROOT);
        String ageRange = record.values().containsKey("age_range") ? record.text("age_range") : null;
        if (CHILD.matcher(lower).find() || (ageRange != null && !ageRange.isBlank())) {
            return Math.round(320 + 15 * drawn);
        }
        if (SMALL.matcher(lower).find()) {
            return Math.round(360 + 15 * drawn);
        }
        if (LARGE.matcher(lower).find()) {
            return Math.round(410 + 15 * drawn);
        }
        return Math.round(385 + 25 * drawn);
    }

    /** Ramanujan's approximation of an ellipse's perimeter from its semi-axes (mm). */
    static double ellipsePerimeter(double a, double b) {
        return Math.PI * (3 * (a + b) - Math.sqrt((3 * a + b) * (a + 3 * b)));
    }

    private static Double number(RawRecord record, String field) {
        if (!record.values().containsKey(field)) {
            return null;
        }
        try {
            return record.number(field);
        } catch (RuntimeException e) {
            return null; // a catalogue's free text ("~150") is no measurement
        }
    }
}
