package org.maskrecommender.core.features;

import org.maskrecommender.core.domain.Mask;

/**
 * What the encoding of a mask needs and depends on the mask alone, looked up once (per loaded model, for a
 * catalogue) instead of once per request: the category indices a {@link FeatureEncoder} assigns it.
 *
 * @param mask   the mask
 * @param style  index of its style in the encoder's styles, −1 when unknown or missing
 * @param strap  index of its strap type, −1 when unknown or missing
 * @param family index of its fit family, {@link FeatureEncoder#familyCount()} when unknown or missing (the
 *               family-index graph's all-zero row)
 */
public record EncodedMask(Mask mask, int style, int strap, int family) {
}
