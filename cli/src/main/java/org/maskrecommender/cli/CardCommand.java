package org.maskrecommender.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.probes.ProbeScorer;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.core.store.Manifest;
import org.maskrecommender.core.store.ModelRef;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.VerifiedModel;
import org.maskrecommender.training.card.ModelCard;
import org.maskrecommender.training.card.SizeCurveReport;

/**
 * {@code card}: a version's model card. A card published with the version is verified against the manifest's hash
 * and either copied to {@code --out} or named where it lies (a local store's file opens as it is; an S3 one needs
 * {@code --out}). A version published before cards existed gets one drawn now from its manifest, with its size
 * curves scored from its (verified) model; that card is a file of this machine, not part of the version.
 */
@Command(name = "card", description = "Writes or shows where the model card of a version is: one HTML page with its "
        + "provenance, candidates, evaluation-set charts, subgroups, probes, quality gate and size curves.")
public final class CardCommand implements Callable<Integer> {

    private final CliContext context;

    // not mixinStandardHelpOptions: its -V/--version would take --version from the model version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", paramLabel = "V",
            description = "The model version. Default: the one models/latest.json names.")
    String version;

    @Option(names = "--store", paramLabel = "DIR|s3://bucket/prefix",
            description = "The environment's model store. Default: model-store/<environment> in the project.")
    String store;

    @Option(names = "--environment", defaultValue = "staging", description = "Environment (default: ${DEFAULT-VALUE}).")
    Environment environment;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the card to this file (downloads it from S3). Default: print where it is.")
    Path out;

    public CardCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        String location = context.storeLocation(store, environment);
        ModelStore models = context.modelStore(location);
        ModelRef ref;
        if (version == null) {
            Optional<ModelRef> latest = models.latest();
            if (latest.isEmpty()) {
                context.err().println("error: nothing is published in " + models.location()
                        + " (no models/latest.json); train first, or pass --version");
                return 1;
            }
            ref = latest.get();
        } else {
            ref = models.refOf(version);
        }
        Optional<byte[]> card = models.card(ref);
        if (card.isPresent()) {
            String stored = models.cardLocation(ref.version());
            if (out != null) {
                write(out, card.get());
                context.out().println(out);
                context.err().println("… wrote the model card of " + ref.version() + " (from " + stored
                        + ", verified against its manifest) to " + out + "; open it in a browser");
            } else {
                context.out().println(stored);
                if (stored.startsWith("s3://")) {
                    context.err().println("… the card of " + ref.version() + " is in S3: pass --out FILE to "
                            + "download it, then open the file in a browser");
                }
            }
            return 0;
        }
        Path target = out != null ? out : context.home().resolve("model-card-" + ref.version() + ".html");
        write(target, renderFromManifest(models, ref));
        context.out().println(target);
        context.err().println("… " + ref.version() + " was published before model cards: drew its card from its "
                + "manifest (charts it did not record are marked so) to " + target + "; this file is not part of "
                + "the version and not covered by its hashes");
        return 0;
    }

    /** A card for a version published without one: its manifest, and size curves scored from its model now. */
    private byte[] renderFromManifest(ModelStore models, ModelRef ref) {
        VerifiedModel model = models.load(ref);
        Manifest manifest = model.manifest();
        SizeCurveReport sizeCurves = null;
        try (OnnxScorer scorer = new OnnxScorer(model.modelOnnx(), manifest.onnx())) {
            List<Mask> masks = context.mapper().readValue(model.masksJson(), new TypeReference<List<Mask>>() { });
            sizeCurves = SizeCurveReport.compute(ProbeScorer.of(new FeatureEncoder(manifest.encoding()), scorer),
                    masks);
        } catch (IOException | RuntimeException e) {
            // the rest of the card is still worth having; the section says the curves are not recorded
            context.err().println("warning: cannot score the size curves of " + ref.version() + ": " + e.getMessage());
        }
        return new ModelCard(context.mapper()).renderHtml(manifest, sizeCurves).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Path target, byte[] html) throws IOException {
        if (target.toAbsolutePath().getParent() != null) {
            Files.createDirectories(target.toAbsolutePath().getParent());
        }
        Files.write(target, html);
    }
}
