package org.maskrecommender.cli.invoke;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Lambda Runtime API for exactly one invocation, on loopback: the function's runtime asks for the next event
 * ({@code GET /2018-06-01/runtime/invocation/next}) and gets this one, with the headers Lambda sends; its answer
 * ({@code …/response}), its function error ({@code …/error}) or its initialisation error ({@code …/init/error})
 * completes {@link #outcome()}. Every later request for an event is held open until {@link #close()}, as Lambda
 * holds it until the next event or the freeze. Only what the runtime clients send is served; this is not an emulator
 * of Lambda's service.
 */
final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime";

    private final byte[] event;
    private final String requestId;
    private final String functionArn;
    private final Instant deadline;
    private final ObjectMapper mapper;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private boolean delivered;

    /**
     * @param event       the event's bytes, delivered as they are
     * @param requestId   the invocation's request id (the function sees it in its context and logs)
     * @param functionArn the invoked function's ARN header
     * @param timeout     the function's timeout: the deadline header is now plus this
     */
    RuntimeApi(byte[] event, String requestId, String functionArn, Duration timeout, ObjectMapper mapper)
            throws IOException {
        this.event = event.clone();
        this.requestId = requestId;
        this.functionArn = functionArn;
        this.deadline = Instant.now().plus(timeout);
        this.mapper = mapper;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext(PREFIX + "/", this::handle);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes with the function's answer or error. */
    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals("/invocation/" + requestId + "/response")) {
                outcome.complete(new Outcome.Answer(read(exchange)));
                reply(exchange, 202);
            } else if (method.equals("POST") && path.equals("/invocation/" + requestId + "/error")) {
                outcome.complete(error(exchange, false));
                reply(exchange, 202);
            } else if (method.equals("POST") && path.equals("/init/error")) {
                outcome.complete(error(exchange, true));
                reply(exchange, 202);
            } else {
                reply(exchange, 404);
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        boolean first;
        synchronized (this) {
            first = !delivered;
            delivered = true;
        }
        if (!first) {
            // The runtime asks for the next event as soon as it has answered: hold it, as Lambda does.
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline.toEpochMilli()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        // AWS's Java runtime client reads these two unconditionally (it crashes without them); Lambda sends them
        // empty for an invoke without a mobile client context or Cognito identity.
        headers.set("Lambda-Runtime-Client-Context", "");
        headers.set("Lambda-Runtime-Cognito-Identity", "");
        exchange.sendResponseHeaders(200, event.length == 0 ? -1 : event.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(event);
        }
    }

    private Outcome.Failed error(HttpExchange exchange, boolean init) throws IOException {
        byte[] body = read(exchange);
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        String message = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode json = mapper.readTree(body);
            if (json != null && json.isObject()) {
                if (json.path("errorType").isTextual()) {
                    type = json.get("errorType").asText();
                }
                if (json.path("errorMessage").isTextual()) {
                    message = json.get("errorMessage").asText();
                }
            }
        } catch (IOException e) {
            // Not JSON: the body as it came is the message.
        }
        return new Outcome.Failed(type == null || type.isBlank() ? "Unhandled" : type, message, init);
    }

    private static byte[] read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void reply(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
