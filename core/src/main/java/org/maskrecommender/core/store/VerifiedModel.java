package org.maskrecommender.core.store;

/**
 * A model version whose files matched the sha256 checksums of its manifest when it was loaded.
 *
 * @param manifest  the version's manifest
 * @param modelOnnx the ONNX model bytes
 * @param masksJson the catalogue snapshot the model scores
 */
public record VerifiedModel(Manifest manifest, byte[] modelOnnx, byte[] masksJson) {
}
