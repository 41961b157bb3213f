package org.maskrecommender.inference.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * The inference function. A stream handler, so malformed JSON reaches our validation (and gets an
 * {@code invalid_request} answer) instead of failing in the runtime's deserialiser.
 */
@Named("inference")
public class InferenceHandler implements RequestStreamHandler {

    @Inject
    InferenceFunction function;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(function.invoke(input.readAllBytes(), context == null ? "local" : context.getAwsRequestId()));
    }
}
