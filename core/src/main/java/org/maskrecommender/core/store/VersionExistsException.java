package org.maskrecommender.core.store;

/** A model version is already (fully or partly) in the store; versions are never overwritten. */
public class VersionExistsException extends RuntimeException {

    private final String version;

    public VersionExistsException(String version, String location) {
        super("model version " + version + " already exists at " + location
                + " (versions are immutable: publish under a new version)");
        this.version = version;
    }

    public String version() {
        return version;
    }
}
