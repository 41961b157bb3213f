package org.maskrecommender.core.store;

import java.util.Objects;
import java.util.regex.Pattern;

/** Names that become part of a store key: one path segment, safe on S3 and in every file system. */
public final class StoreNames {

    /** Lambda function names, release tags, model versions; no leading dot (hidden files, ".."). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    private StoreNames() {
    }

    public static String check(String what, String name) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be 1-200 of [A-Za-z0-9._-], not starting with '.': '"
                    + name + "'");
        }
        return name;
    }
}
