package org.maskrecommender.core.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where tests find the reference mask catalogue (a real public catalogue kept outside the project; never copied
 * into it): the system property {@value #PROPERTY}, else the environment variable {@value #VARIABLE}, else
 * {@value #DEFAULT} relative to the repository root (the first directory up from the working directory with an
 * {@code mvnw}). Tests that need it skip, saying where they looked, when it is absent.
 */
public final class ReferenceCatalogue {

    public static final String PROPERTY = "mask-recommender.reference-catalogue";
    public static final String VARIABLE = "MASK_RECOMMENDER_REFERENCE_CATALOGUE";
    public static final String DEFAULT = "../shared/reference/mask-catalogue-armbrust-masknerd.csv";

    private ReferenceCatalogue() {
    }

    /** The configured or default location (which may not exist). */
    public static Path location() {
        String configured = System.getProperty(PROPERTY, System.getenv(VARIABLE));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        Path root = dir == null ? Path.of("").toAbsolutePath() : dir;
        return root.resolve(DEFAULT).normalize();
    }

    /** The catalogue when it is there. */
    public static Optional<Path> find() {
        Path p = location();
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The message of a test skipped for want of the catalogue. */
    public static String absent() {
        return "reference catalogue not found at " + location() + " (set -D" + PROPERTY + "=… or $" + VARIABLE
                + "); skipping";
    }
}
