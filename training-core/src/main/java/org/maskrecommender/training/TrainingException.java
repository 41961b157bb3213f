package org.maskrecommender.training;

/** A training run that could not publish a model, with a code callers can branch on. */
public class TrainingException extends RuntimeException {

    /** Why the run failed. */
    public enum Code {
        /** The request itself is wrong (environment, trigger, …). */
        INVALID_REQUEST("invalid_request"),
        /** A data location could not be read. */
        DATA_UNAVAILABLE("data_unavailable"),
        /** A data file is malformed (the message names file, line and field). */
        INVALID_DATA("invalid_data"),
        /**
         * More fit-test rows than the run may take (the message names the limit and the setting that
         * raises it): refused while reading, before the process would run out of memory.
         */
        INPUT_TOO_LARGE("input_too_large"),
        /** Too little clean data to train and evaluate (too few users, one class only). */
        INSUFFICIENT_DATA("insufficient_data"),
        /** The ONNX export is missing or disagrees with Tribuo. */
        EXPORT_FAILED("export_failed"),
        /** The model store refused or failed the publish. */
        STORE_FAILED("store_failed");

        private final String key;

        Code(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final Code code;

    public TrainingException(Code code, String message) {
        this(code, message, null);
    }

    public TrainingException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
