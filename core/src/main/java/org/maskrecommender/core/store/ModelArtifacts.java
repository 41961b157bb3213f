package org.maskrecommender.core.store;

/**
 * The files of one model version, ready to publish. The manifest's {@code files} checksums are
 * computed by the store while publishing.
 *
 * @param manifest      the manifest (version, environment, metrics, …)
 * @param modelOnnx     the exported model
 * @param masksJson     the catalogue snapshot the model scores (a JSON array of masks)
 * @param modelCardHtml the model card ({@link Manifest#CARD_FILE}), UTF-8 HTML; null publishes none
 */
public record ModelArtifacts(Manifest manifest, byte[] modelOnnx, byte[] masksJson, byte[] modelCardHtml) {

    /** A version without a model card. */
    public ModelArtifacts(Manifest manifest, byte[] modelOnnx, byte[] masksJson) {
        this(manifest, modelOnnx, masksJson, null);
    }
}
