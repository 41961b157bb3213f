package org.maskrecommender.training.lambda;

/**
 * A failed training run as the training function ends it: an unhandled exception, so Lambda counts a function error
 * ({@code Errors} metric, alarms, the asynchronous invoke's failure destination, {@code FunctionError} for a caller
 * such as the retrain workflow). Lambda's runtimes report an unhandled exception's class name as the error's type,
 * so each failure code has a class of its own whose simple name is the code, and a failed run's error type reads
 * {@code org.maskrecommender.training.lambda.TrainingFailure$invalid_data} (the code after the {@code $}). The
 * lower-case class names are that contract, not a slip. The message is the failure's message.
 */
public class TrainingFailure extends RuntimeException {

    /** The code of a run that published and promoted a version whose Model Trained event could not be put. */
    public static final String EVENT_FAILED = "event_failed";

    private final String code;

    private TrainingFailure(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The failure for that code; a code without a class of its own (none today) is a plain TrainingFailure. */
    public static TrainingFailure of(String code, String message, Throwable cause) {
        return switch (code) {
            case "invalid_request" -> new invalid_request(message, cause);
            case "data_unavailable" -> new data_unavailable(message, cause);
            case "invalid_data" -> new invalid_data(message, cause);
            case "input_too_large" -> new input_too_large(message, cause);
            case "insufficient_data" -> new insufficient_data(message, cause);
            case "export_failed" -> new export_failed(message, cause);
            case "store_failed" -> new store_failed(message, cause);
            case EVENT_FAILED -> new event_failed(message, cause);
            default -> new TrainingFailure(code, message, cause);
        };
    }

    /** The failure code, e.g. {@code invalid_data}. */
    public String code() {
        return code;
    }

    // One class per code (TrainingException.Code, and event_failed), named exactly as the code.

    /** The event itself is wrong (environment, trigger). */
    public static final class invalid_request extends TrainingFailure {
        invalid_request(String message, Throwable cause) {
            super("invalid_request", message, cause);
        }
    }

    /** A data location could not be read. */
    public static final class data_unavailable extends TrainingFailure {
        data_unavailable(String message, Throwable cause) {
            super("data_unavailable", message, cause);
        }
    }

    /** A data file is malformed. */
    public static final class invalid_data extends TrainingFailure {
        invalid_data(String message, Throwable cause) {
            super("invalid_data", message, cause);
        }
    }

    /** The input has more rows than the function's memory trains ({@code TRAINING_MAX_ROWS}). */
    public static final class input_too_large extends TrainingFailure {
        input_too_large(String message, Throwable cause) {
            super("input_too_large", message, cause);
        }
    }

    /** Too little clean data to train and evaluate. */
    public static final class insufficient_data extends TrainingFailure {
        insufficient_data(String message, Throwable cause) {
            super("insufficient_data", message, cause);
        }
    }

    /** The ONNX export is missing or disagrees with Tribuo. */
    public static final class export_failed extends TrainingFailure {
        export_failed(String message, Throwable cause) {
            super("export_failed", message, cause);
        }
    }

    /** The model store refused or failed the publish. */
    public static final class store_failed extends TrainingFailure {
        store_failed(String message, Throwable cause) {
            super("store_failed", message, cause);
        }
    }

    /** Published and promoted, but the Model Trained event was not put: the deployer will not release it. */
    public static final class event_failed extends TrainingFailure {
        event_failed(String message, Throwable cause) {
            super(EVENT_FAILED, message, cause);
        }
    }
}
