package org.maskrecommender.deployer.release;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A function code zip in S3.
 *
 * @param s3Bucket bucket
 * @param s3Key    key
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CodeLocation(String s3Bucket, String s3Key) {

    @Override
    public String toString() {
        return "s3://" + s3Bucket + "/" + s3Key;
    }
}
