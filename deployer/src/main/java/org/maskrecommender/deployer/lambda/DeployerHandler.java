package org.maskrecommender.deployer.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * The deployer function. A stream handler, so the event reaches the recogniser byte for byte: its strict parse
 * refuses duplicate keys and trailing content that a deserialiser would quietly accept.
 */
@Named("deployer")
public class DeployerHandler implements RequestStreamHandler {

    @Inject
    DeployerFunction function;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(function.invoke(input.readAllBytes()));
    }
}
