package org.maskrecommender.training.export;

import org.maskrecommender.core.store.OnnxSignature;

/**
 * A model in ONNX form.
 *
 * @param onnx      the serialised ONNX ModelProto
 * @param signature how to call it
 */
public record ExportedModel(byte[] onnx, OnnxSignature signature) {
}
