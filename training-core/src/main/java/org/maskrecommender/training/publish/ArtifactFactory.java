package org.maskrecommender.training.publish;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.store.Manifest;
import org.maskrecommender.core.store.MaskEvidence;
import org.maskrecommender.core.store.ModelArtifacts;
import org.maskrecommender.core.store.ModelVersion;
import org.maskrecommender.core.store.ReferencePrediction;
import org.maskrecommender.training.card.ModelCard;
import org.maskrecommender.training.data.TrainingData;
import org.maskrecommender.training.export.ExportedModel;
import org.maskrecommender.training.model.FittedModel;

/** Assembles a version's files — model.onnx, masks.json and the manifest — from a finished run. */
public final class ArtifactFactory {

    private final ObjectMapper mapper;
    private final ModelCard card;

    public ArtifactFactory(ObjectMapper mapper) {
        this.mapper = mapper;
        this.card = new ModelCard(mapper);
    }

    /**
     * @param environment  the environment the version is for
     * @param createdAt    publish time, the first half of the version id
     * @param fitted       the model that was exported
     * @param exported     its ONNX form
     * @param data         the data it was trained on
     * @param trainingRows the rows the published model was fitted on, for the fit tests per family its answers cite
     * @param metrics      the metrics block
     * @param trainer      the trainer block (candidate, hyper-parameters, provenance, parity, timings)
     * @param code         the code block (git sha)
     * @param references   training rows with Tribuo's probabilities, for serving's self-check
     * @param promotion    the quality gate's decision
     */
    public ModelArtifacts build(Environment environment, Instant createdAt, FittedModel fitted, ExportedModel exported,
                                TrainingData data, List<FitTest> trainingRows, ObjectNode metrics, ObjectNode trainer, ObjectNode code,
                                List<ReferencePrediction> references, ObjectNode promotion) {
        String version = ModelVersion.of(createdAt, exported.onnx());
        ObjectNode trainingData = mapper.createObjectNode();
        trainingData.put("location", data.dataLocation());
        trainingData.put("sha256", data.dataSha256());
        trainingData.put("catalogue_location", data.catalogueLocation());
        trainingData.put("catalogue_sha256", data.catalogueSha256());
        trainingData.set("rows", mapper.valueToTree(data.counts()));
        trainingData.put("masks", data.masks().masks().size());
        trainingData.put("catalogue_entries_without_perimeter", data.masks().unscorable());
        MaskEvidence.of(trainingRows, data.masks().unscorableIds()).writeTo(trainingData);
        Manifest manifest = new Manifest(version, environment, createdAt, Map.of(),
                fitted.encoder().featureNames(), fitted.encoder().parameters(), exported.signature(), references, metrics,
                trainingData, code, trainer, promotion);
        try {
            byte[] masksJson = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(data.masks().masks());
            return new ModelArtifacts(manifest, exported.onnx(), masksJson, card.render(manifest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the mask catalogue", e);
        }
    }
}
