package org.maskrecommender.inference;

import java.time.Duration;

/**
 * What one successful model load cost, phase by phase, for the cold-start log line and metrics (see
 * docs/development.md#cold-start): the three phases are the model's share of a container's start.
 *
 * @param model          the model loaded
 * @param fetch          reading the pointer, manifest, model.onnx and masks.json from the store and checking their
 *                       hashes (on S3: the download)
 * @param session        building the model (ONNX Runtime session, encoder, catalogue)
 * @param referenceCheck scoring the manifest's reference rows and comparing them with training's probabilities;
 *                       also the first ONNX Runtime run, so a snapshot taken after it holds a primed session
 * @param referenceRows  how many reference rows were scored
 */
public record LoadReport(LoadedModel model, Duration fetch, Duration session, Duration referenceCheck,
                         int referenceRows) {
}
