package org.maskrecommender.inference;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.maskrecommender.core.domain.FacialMeasurements;

/**
 * A validated request.
 *
 * @param method        {@code infer} or {@code warmup}
 * @param face          the person's measurements (null for warmup)
 * @param maskIds       masks to score, null for the whole catalogue
 * @param limit         keep the top k, null for all
 * @param format        response shape
 * @param filters       which masks to keep before the limit ({@link Filters#NONE} for all)
 * @param compatibility what the legacy client sent that is accepted but not used, for the log line
 */
public record InferenceRequest(Method method, FacialMeasurements face, List<Long> maskIds, Integer limit,
                               ResponseFormat format, Filters filters, Compatibility compatibility) {

    public InferenceRequest {
        filters = filters == null ? Filters.NONE : filters;
        compatibility = compatibility == null ? Compatibility.NONE : compatibility;
    }

    /** What the caller asks for. */
    public enum Method { INFER, WARMUP }

    /** {@code default}: the documented JSON; {@code breathesafe}: the legacy shape existing clients parse. */
    public enum ResponseFormat {
        DEFAULT, BREATHESAFE;

        /** The name in requests and settings: {@code default} or {@code breathesafe}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The format of that name, in any case; for settings (a function's default, a command-line option).
         *
         * @throws IllegalArgumentException naming the allowed values
         */
        public static ResponseFormat of(String id) {
            for (ResponseFormat f : values()) {
                if (f.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("a response format is \"default\" or \"breathesafe\", not \"" + id + "\"");
        }
    }

    /**
     * Masks to keep, applied after {@code mask_ids} and before {@code limit}.
     *
     * @param styles         style names as the caller wrote them, checked against the model's catalogue when the
     *                       request is answered; null = every style
     * @param strapTypes     strap type names likewise; null = every strap type
     * @param excludeMaskIds masks never to return (e.g. the ones the person has tested already)
     */
    public record Filters(List<String> styles, List<String> strapTypes, Set<Long> excludeMaskIds) {

        public static final Filters NONE = new Filters(null, null, Set.of());

        public Filters {
            styles = styles == null ? null : List.copyOf(styles);
            strapTypes = strapTypes == null ? null : List.copyOf(strapTypes);
            excludeMaskIds = excludeMaskIds == null ? Set.of() : Set.copyOf(excludeMaskIds);
        }
    }

    /**
     * Fields of the Breathesafe app's client that this function accepts and ignores, and what it read leniently for
     * it. Only for the log line: none of it holds a measurement.
     *
     * @param modelType             {@code model_type} as sent (at most 40 characters), null when absent
     * @param applyEmpiricalCap     {@code apply_empirical_cap} as sent (at most 40 characters), null when absent
     * @param beardLengthDefaulted  true when a legacy-format request had no beard length and 0 was read
     */
    public record Compatibility(String modelType, String applyEmpiricalCap, boolean beardLengthDefaulted) {

        public static final Compatibility NONE = new Compatibility(null, null, false);
    }
}
