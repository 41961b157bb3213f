package org.maskrecommender.core.features;

/**
 * Rows encoded for one {@link InputLayout}, ready for one ONNX Runtime run.
 *
 * @param layout   the layout the rows are in
 * @param rows     number of rows
 * @param width    floats per row: {@link FeatureEncoder#featureCount()} (one-hot) or
 *                 {@link FeatureEncoder#denseFeatureCount()} (family index)
 * @param features row-major floats, {@code rows × width}
 * @param families each row's family index (family-index layout), null for one-hot
 */
public record EncodedRows(InputLayout layout, int rows, int width, float[] features, long[] families) {

    public EncodedRows {
        if (features.length != rows * width) {
            throw new IllegalArgumentException("expected " + rows + " rows of " + width + " features, got "
                    + features.length + " values");
        }
        if ((layout == InputLayout.FAMILY_INDEX) != (families != null)
                || (families != null && families.length != rows)) {
            throw new IllegalArgumentException(layout.json() + " rows need "
                    + (layout == InputLayout.FAMILY_INDEX ? rows + " family indices" : "no family indices"));
        }
    }
}
