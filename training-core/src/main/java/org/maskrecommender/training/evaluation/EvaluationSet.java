package org.maskrecommender.training.evaluation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.training.evaluation.UserGroupedSplit.Split;

/**
 * The frozen evaluation set: the users whose fit tests no published model trains on, so every week's gate
 * compares the deployed and the new model on people neither has seen.
 *
 * <p>A user belongs to it when the first 8 bytes of SHA-256 of the decimal user id (UTF-8), read as an unsigned
 * 64-bit number and divided by 2<sup>64</sup>, fall below the fraction. The assignment depends on the id alone —
 * not on the data, a seed or the JVM ({@code String.hashCode}, {@code Random} would tie it to those) — so the same
 * users stay in the set every week, and a new user joins it with probability {@code fraction}. Raising the
 * fraction only adds users.
 */
public final class EvaluationSet {

    /** How users are assigned, for manifests and reports. */
    public static final String ASSIGNMENT = "sha256(decimal user_id), first 8 bytes as a fraction of 2^64 < fraction";

    private EvaluationSet() {
    }

    /** Whether this user is in the evaluation set of this fraction (0 < fraction < 1). */
    public static boolean contains(long userId, double fraction) {
        return position(userId) < fraction;
    }

    /** The user's place in [0, 1): SHA-256 of the decimal id, first 8 bytes as an unsigned fraction of 2^64. */
    static double position(long userId) {
        byte[] digest = sha256().digest(Long.toString(userId).getBytes(StandardCharsets.UTF_8));
        long top = ByteBuffer.wrap(digest, 0, 8).getLong();
        // the top 53 bits, so the fraction is exact in a double
        return (top >>> 11) * 0x1.0p-53;
    }

    /** Rows of evaluation-set users as {@code test}, everyone else's as {@code train}; row order kept. */
    public static Split split(List<FitTest> rows, double fraction) {
        List<FitTest> train = new ArrayList<>();
        List<FitTest> test = new ArrayList<>();
        for (FitTest row : rows) {
            (contains(row.userId(), fraction) ? test : train).add(row);
        }
        return new Split(train, test);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
