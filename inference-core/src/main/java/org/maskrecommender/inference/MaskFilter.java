package org.maskrecommender.inference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.maskrecommender.core.domain.Mask;

/**
 * The request's {@code styles}, {@code strap_types} and {@code exclude_mask_ids}, checked against the model's catalogue
 * and applied before scoring (so before {@code limit}). A name matches a catalogue value in any case ("boat" keeps
 * "Boat" masks); a name the catalogue does not have is refused with the values it has, rather than silently matching
 * nothing. A mask without a style (or strap type) is dropped by a style (strap type) filter.
 */
final class MaskFilter {

    private final Set<String> styles;
    private final Set<String> strapTypes;
    private final Set<Long> excluded;

    private MaskFilter(Set<String> styles, Set<String> strapTypes, Set<Long> excluded) {
        this.styles = styles;
        this.strapTypes = strapTypes;
        this.excluded = excluded;
    }

    /** @throws InvalidRequestException naming the first unknown style or strap type and the allowed values */
    static MaskFilter of(InferenceRequest.Filters filters, LoadedModel model) {
        return of(filters, model.styles(), model.strapTypes());
    }

    /**
     * @param styles     the catalogue's styles
     * @param strapTypes the catalogue's strap types
     */
    static MaskFilter of(InferenceRequest.Filters filters, List<String> styles, List<String> strapTypes) {
        return new MaskFilter(resolve(filters.styles(), styles, "styles", "style"),
                resolve(filters.strapTypes(), strapTypes, "strap_types", "strap type"), filters.excludeMaskIds());
    }

    /** Whether anything is filtered at all (the common request is cheaper without a pass over the catalogue). */
    boolean isEmpty() {
        return styles == null && strapTypes == null && excluded.isEmpty();
    }

    boolean keeps(Mask m) {
        return (styles == null || (m.style() != null && styles.contains(m.style())))
                && (strapTypes == null || (m.strapType() != null && strapTypes.contains(m.strapType())))
                && !excluded.contains(m.id());
    }

    /** The catalogue's own spelling of each requested name; null (no filter) when none were requested. */
    private static Set<String> resolve(List<String> requested, List<String> allowed, String field, String what) {
        if (requested == null) {
            return null;
        }
        // a catalogue may spell one category two ways ("Boat", "boat"): a name keeps both
        Map<String, List<String>> byKey = new HashMap<>();
        allowed.forEach(v -> byKey.computeIfAbsent(key(v), k -> new ArrayList<>()).add(v));
        Set<String> resolved = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            List<String> values = byKey.get(key(requested.get(i)));
            if (values == null) {
                throw new InvalidRequestException(field + "[" + i + "] is " + Quote.text(requested.get(i)) + ", not a "
                        + what + " of this model's catalogue; allowed values: " + (allowed.isEmpty() ? "none (its masks "
                        + "have no " + what + ")" : allowed.stream().map(Quote::text).collect(Collectors.joining(", "))));
            }
            resolved.addAll(values);
        }
        return resolved;
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
