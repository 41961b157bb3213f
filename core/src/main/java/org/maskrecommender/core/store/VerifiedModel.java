package org.maskrecommender.core.store;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.maskrecommender.core.domain.Mask;

/**
 * A model version whose files matched the sha256 checksums of its manifest when it was loaded.
 *
 * @param manifest  the version's manifest
 * @param modelOnnx the ONNX model bytes
 * @param masksJson the catalogue snapshot the model scores
 */
public record VerifiedModel(Manifest manifest, byte[] modelOnnx, byte[] masksJson) {

    /**
     * The catalogue snapshot as masks: what the model serves, and what the probe set picks its masks from.
     *
     * @throws IOException when masks.json is not a list of masks
     */
    public List<Mask> masks(ObjectMapper mapper) throws IOException {
        return mapper.readValue(masksJson, new TypeReference<List<Mask>>() { });
    }
}
