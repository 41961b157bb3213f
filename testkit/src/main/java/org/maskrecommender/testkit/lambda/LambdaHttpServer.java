package org.maskrecommender.testkit.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The HTTP side of the emulator: a JDK {@code HttpServer} on a free loopback port that reads each request, routes
 * it ({@link Route}), requires a signature, hands it to its {@link Backend}, logs it as a call, and writes the answer.
 *
 * <p>Signatures are not verified, but an {@code Authorization} header must be present (else 403
 * MissingAuthenticationTokenException). An {@link ApiError} becomes Lambda's error response. Any other exception is
 * a bug of the emulator: it answers 500 ServiceException naming the exception (the SDK surfaces that message), and is
 * kept in {@link EmulatorState#internalErrors} for the test to look at.
 */
final class LambdaHttpServer implements AutoCloseable {

    /** What answers the requests the server has read and routed; may throw {@link ApiError}. */
    interface Backend {

        /** An API call, routed and signed. */
        ApiResponse call(Route route, ApiRequest request);

        /**
         * GET of a code location GetFunction handed out (what follows {@link FunctionOperations#CODE_PATH}): like
         * S3's pre-signed URL it needs no signature, and it is not a Lambda call.
         */
        ApiResponse codePackage(String location);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final EmulatorState state;
    private Backend backend;

    private LambdaHttpServer(HttpServer server, ExecutorService executor, EmulatorState state) {
        this.server = server;
        this.executor = executor;
        this.state = state;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Binds a free loopback port, then serves with the backend made for that endpoint. */
    static LambdaHttpServer start(EmulatorState state, Function<URI, Backend> backendAt) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // The JDK server writes the status line and the body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK add ~40 ms to every call. Read once per JVM, by the first server created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LambdaHttpServer server = new LambdaHttpServer(http, executor, state);
            server.backend = backendAt.apply(server.endpoint);
            http.createContext("/", server::handle);
            http.setExecutor(executor);
            http.start();
            return server;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("could not start the Lambda emulator", e);
        }
    }

    /** Base URL for the SDK's {@code endpointOverride}, e.g. {@code http://127.0.0.1:40123}. */
    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Route route = null;
        ApiResponse response;
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ApiRequest request = new ApiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
            if (request.path.startsWith(FunctionOperations.CODE_PATH) && "GET".equals(request.method)) {
                response = backend.codePackage(request.path.substring(FunctionOperations.CODE_PATH.length()));
            } else {
                route = Route.of(request);
                if (request.header("Authorization") == null) {
                    throw new ApiError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
                }
                response = backend.call(route, request);
            }
        } catch (ApiError e) {
            response = e.toResponse();
        } catch (RuntimeException e) {
            synchronized (state) {
                state.internalErrors.add(e);
            }
            response = ApiError.internal(e).toResponse();
        }
        if (route != null) {
            synchronized (state) {
                state.calls.add(new LambdaEmulator.Call(route.operation(), route.functionName(), route.qualifier(),
                        response.status(), response.errorType()));
            }
        }
        try {
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean empty = response.body().length == 0;
            exchange.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
            if (!empty) {
                exchange.getResponseBody().write(response.body());
            }
        } finally {
            exchange.close();
        }
    }
}
