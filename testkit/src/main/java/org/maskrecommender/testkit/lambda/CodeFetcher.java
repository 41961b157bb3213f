package org.maskrecommender.testkit.lambda;

/**
 * Fetches a deployment package for {@code UpdateFunctionCode} with {@code S3Bucket}/{@code S3Key}, as Lambda
 * does from S3. Returning {@code null} or throwing makes the emulator answer what Lambda answers when its
 * GetObject fails: 400 {@code InvalidParameterValueException} "Error occurred while GetObject. S3 Error Code:
 * NoSuchKey. S3 Error Message: …". Throw {@link FetchException} to choose the S3 error code and message.
 *
 * @see S3CodeFetcher
 */
@FunctionalInterface
public interface CodeFetcher {

    /**
     * @param objectVersion the request's {@code S3ObjectVersion}, or {@code null}
     * @return the zip bytes, or {@code null} when there is no such object
     */
    byte[] fetch(String bucket, String key, String objectVersion) throws Exception;

    /**
     * An S3 error as Lambda reports it back, e.g.
     * {@code new FetchException("NoSuchBucket", "The specified bucket does not exist")}.
     */
    final class FetchException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String s3ErrorCode;

        public FetchException(String s3ErrorCode, String s3ErrorMessage) {
            super(s3ErrorMessage);
            this.s3ErrorCode = s3ErrorCode;
        }

        public String s3ErrorCode() {
            return s3ErrorCode;
        }
    }
}
