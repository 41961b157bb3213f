package org.maskrecommender.core.store;

/** No manifest for the requested model version. */
public class ModelNotFoundException extends RuntimeException {

    private final String version;

    public ModelNotFoundException(String version, String location) {
        super("model version " + version + " not found: no manifest at " + location);
        this.version = version;
    }

    public String version() {
        return version;
    }
}
