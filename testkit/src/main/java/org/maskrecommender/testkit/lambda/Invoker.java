package org.maskrecommender.testkit.lambda;

/**
 * Answers {@code Invoke} for one function of a {@link LambdaEmulator}: the test plugs in the real handler.
 * A thrown exception becomes what Lambda answers for an unhandled error: status 200, header
 * {@code X-Amz-Function-Error: Unhandled}, body {@code {"errorMessage": …, "errorType": …}}.
 */
@FunctionalInterface
public interface Invoker {

    /**
     * @param version the version that Lambda resolved the qualifier to (an alias's routing already applied)
     * @param payload the request body exactly as the client sent it
     * @return the response body
     */
    byte[] invoke(FunctionVersionView version, byte[] payload) throws Exception;
}
