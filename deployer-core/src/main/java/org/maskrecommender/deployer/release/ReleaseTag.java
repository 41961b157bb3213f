package org.maskrecommender.deployer.release;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.maskrecommender.core.environment.Environment;

/**
 * A release tag: {@code staging-recommender-vX.Y.Z} deploys to staging, {@code production-recommender-vX.Y.Z}
 * to production. The prefix alone decides the environment, so a tag can never cross environments.
 *
 * <p>The version is strict <a href="https://semver.org/spec/v2.0.0.html">Semantic Versioning 2.0.0</a>:
 * three numbers without leading zeros, optionally a pre-release ({@code -rc.1}, {@code -alpha.beta.2};
 * numeric pre-release identifiers without leading zeros, no empty identifiers). Build metadata
 * ({@code +build.5}) is <em>refused</em>: SemVer ignores it for precedence, so {@code v1.2.3+a} and
 * {@code v1.2.3+b} would be two tags of one version, and release records and ledger entries are keyed by
 * the tag; {@code +} is also awkward in S3 keys and URLs. Tags longer than {@link #MAX_LENGTH} characters are
 * refused (the tag goes into the Lambda version's 256-character description with the model version).
 *
 * <p>A leading {@code refs/tags/} (the full git ref) is accepted and dropped; anything else around the tag
 * (whitespace, {@code refs/heads/}, upper case) is refused. Construction through the canonical constructor
 * enforces the same rules, so every instance is consistent.
 *
 * @param environment the environment, from the prefix ({@link Environment#tagPrefix()})
 * @param version     the semantic version without the {@code v}, e.g. {@code 1.2.3} or {@code 1.2.3-rc.1}
 * @param tag         the tag name without {@code refs/tags/}, e.g. {@code staging-recommender-v1.2.3}
 */
public record ReleaseTag(Environment environment, String version, String tag) {

    /** The full-ref prefix that {@link #parse} accepts and drops. */
    public static final String REFS_TAGS = "refs/tags/";

    /** The longest tag name accepted (without {@code refs/tags/}). */
    public static final int MAX_LENGTH = 128;

    private static final String NUMBER = "(?:0|[1-9][0-9]*)";
    private static final String PRE_RELEASE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    private static final Pattern SEMVER = Pattern.compile(
            NUMBER + "\\." + NUMBER + "\\." + NUMBER + "(?:-" + PRE_RELEASE_ID + "(?:\\." + PRE_RELEASE_ID + ")*)?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");
    private static final Pattern IDENTIFIER = Pattern.compile("[0-9A-Za-z-]+");

    private static final String EXPECTED = "expected " + Arrays.stream(Environment.values())
            .map(e -> e.tagPrefix() + "X.Y.Z").collect(Collectors.joining(" or "));

    public ReleaseTag {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(tag, "tag");
        String prefix = environment.tagPrefix();
        if (version.length() + prefix.length() > MAX_LENGTH || !SEMVER.matcher(version).matches()) {
            throw new InvalidTagException(InvalidTagException.Reason.NOT_SEMVER,
                    "'" + version + "' is not an accepted semantic version");
        }
        if (!tag.equals(prefix + version)) {
            throw new InvalidTagException(InvalidTagException.Reason.UNKNOWN_PREFIX,
                    "tag '" + tag + "' does not match environment " + environment + " and version " + version);
        }
    }

    /**
     * Parses a release tag.
     *
     * @param tag the tag name, optionally as a full ref {@code refs/tags/…}
     * @return the tag, its environment and version
     * @throws InvalidTagException saying why it is not a release tag (empty, unknown prefix, not semver, …)
     */
    public static ReleaseTag parse(String tag) {
        if (tag == null || tag.isEmpty()) {
            throw new InvalidTagException(InvalidTagException.Reason.EMPTY, "empty tag; " + EXPECTED);
        }
        String name = tag.startsWith(REFS_TAGS) ? tag.substring(REFS_TAGS.length()) : tag;
        if (name.isEmpty()) {
            throw new InvalidTagException(InvalidTagException.Reason.EMPTY,
                    "empty tag name in '" + tag + "'; " + EXPECTED);
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidTagException(InvalidTagException.Reason.TOO_LONG,
                    "tag '" + abbreviate(name) + "' is " + name.length() + " characters long; at most "
                            + MAX_LENGTH + " are accepted");
        }
        for (Environment environment : Environment.values()) {
            if (name.startsWith(environment.tagPrefix())) {
                String version = name.substring(environment.tagPrefix().length());
                String problem = semverProblem(version);
                if (problem != null) {
                    InvalidTagException.Reason reason = version.contains("+")
                            ? InvalidTagException.Reason.BUILD_METADATA : InvalidTagException.Reason.NOT_SEMVER;
                    throw new InvalidTagException(reason, "tag '" + name + "' is not a release tag: " + problem);
                }
                return new ReleaseTag(environment, version, name);
            }
        }
        String hint = "";
        String lower = name.toLowerCase(Locale.ROOT);
        for (Environment environment : Environment.values()) {
            String withoutV = environment.tagPrefix().substring(0, environment.tagPrefix().length() - 1);
            if (lower.startsWith(withoutV)) {
                hint = name.startsWith(withoutV) ? " (the version must start with a lower-case 'v')"
                        : " (tag prefixes are lower case)";
                break;
            }
        }
        throw new InvalidTagException(InvalidTagException.Reason.UNKNOWN_PREFIX,
                "tag '" + name + "' has an unknown prefix" + hint + "; " + EXPECTED);
    }

    /** Null when {@code version} is acceptable, else what is wrong with it. */
    private static String semverProblem(String version) {
        if (version.isEmpty()) {
            return "no version after the prefix (expected MAJOR.MINOR.PATCH)";
        }
        int plus = version.indexOf('+');
        if (plus >= 0) {
            return "build metadata ('" + version.substring(plus)
                    + "') is not accepted in release tags; use a pre-release (-rc.1) or a new version";
        }
        if (SEMVER.matcher(version).matches()) {
            return null;
        }
        int dash = version.indexOf('-');
        String core = dash < 0 ? version : version.substring(0, dash);
        String[] numbers = core.split("\\.", -1);
        if (numbers.length != 3) {
            return "'" + version + "' is not a semantic version: expected exactly three numbers MAJOR.MINOR.PATCH";
        }
        for (String number : numbers) {
            if (!NUMERIC.matcher(number).matches()) {
                return "'" + version + "' is not a semantic version: '" + number + "' is not a number";
            }
            if (number.length() > 1 && number.charAt(0) == '0') {
                return "'" + version + "' is not a semantic version: '" + number + "' has a leading zero";
            }
        }
        if (dash >= 0) {
            String pre = version.substring(dash + 1);
            if (pre.isEmpty()) {
                return "'" + version + "' is not a semantic version: empty pre-release after '-'";
            }
            for (String id : pre.split("\\.", -1)) {
                if (id.isEmpty()) {
                    return "'" + version + "' is not a semantic version: empty pre-release identifier";
                }
                if (!IDENTIFIER.matcher(id).matches()) {
                    return "'" + version + "' is not a semantic version: pre-release identifier '" + id
                            + "' may only contain [0-9A-Za-z-]";
                }
                if (NUMERIC.matcher(id).matches() && id.length() > 1 && id.charAt(0) == '0') {
                    return "'" + version + "' is not a semantic version: numeric pre-release identifier '" + id
                            + "' has a leading zero";
                }
            }
        }
        return "'" + version + "' is not a semantic version MAJOR.MINOR.PATCH[-PRERELEASE]";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /**
     * A string that is not a release tag. The message says why and names the expected form; {@link #reason()}
     * classifies it.
     */
    public static final class InvalidTagException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        /** Why a tag was refused. */
        public enum Reason {
            /** null, empty, or only {@code refs/tags/}. */
            EMPTY,
            /** neither {@code staging-recommender-v} nor {@code production-recommender-v}. */
            UNKNOWN_PREFIX,
            /** the part after the prefix is not a strict semantic version. */
            NOT_SEMVER,
            /** the version carries {@code +build} metadata, which release tags do not accept. */
            BUILD_METADATA,
            /** longer than {@link ReleaseTag#MAX_LENGTH}. */
            TOO_LONG
        }

        private final Reason reason;

        public InvalidTagException(Reason reason, String message) {
            super(message);
            this.reason = Objects.requireNonNull(reason, "reason");
        }

        public Reason reason() {
            return reason;
        }
    }
}
