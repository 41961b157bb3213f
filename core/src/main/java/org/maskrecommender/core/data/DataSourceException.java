package org.maskrecommender.core.data;

/** A data location that could not be read (missing file, S3 or HTTP failure). */
public class DataSourceException extends RuntimeException {

    private final String location;

    public DataSourceException(String location, String problem) {
        super(location + ": " + problem);
        this.location = location;
    }

    public String location() {
        return location;
    }
}
