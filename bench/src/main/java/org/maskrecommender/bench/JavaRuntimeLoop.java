package org.maskrecommender.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * What AWS's managed Java runtime does with a function, in miniature: poll the Lambda runtime API
 * ({@code AWS_LAMBDA_RUNTIME_API}) for the next event, pass it to the handler, post the response.
 * Loading the handler class is what boots Quarkus, as on AWS. Used by {@link ColdStart} because the
 * native runtime interface client crashes against the local mock event server.
 *
 * <p>Usage: {@code JavaRuntimeLoop HANDLER_CLASS}, e.g. {@code io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler}.
 */
public final class JavaRuntimeLoop {

    private JavaRuntimeLoop() {
    }

    public static void main(String[] args) throws Exception {
        String api = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/";
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        HttpClient http = HttpClient.newHttpClient();
        while (true) {
            HttpResponse<byte[]> next = http.send(HttpRequest.newBuilder(URI.create(api + "next")).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String requestId = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(next.body()), out, new LocalContext(requestId));
            http.send(HttpRequest.newBuilder(URI.create(api + requestId + "/response"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    /** The few context facts a handler may read. */
    private record LocalContext(String getAwsRequestId) implements Context {
        @Override
        public String getLogGroupName() {
            return "local";
        }

        @Override
        public String getLogStreamName() {
            return "local";
        }

        @Override
        public String getFunctionName() {
            return "mask-recommender-inference-staging";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:mask-recommender-inference-staging";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
