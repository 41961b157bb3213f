package org.maskrecommender.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.maskrecommender.inference.InferenceService;

/**
 * The inference function over HTTP the way the Lambda runtime hands it events: POST an event (a plain
 * request or an API Gateway / Function URL event) to {@code /}, get the function's response as the
 * body. Lets an app developer integrate against the real handler logic without AWS.
 */
public final class LocalFunctionServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * @param service the inference service (its model is loaded on the first request)
     * @param mapper  JSON mapper
     * @param host    interface to bind, e.g. 127.0.0.1
     * @param port    port, 0 for any free one
     * @param log     receives one JSON log line per invocation
     */
    public LocalFunctionServer(InferenceService service, ObjectMapper mapper, String host, int port, PrintWriter log)
            throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        this.executor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        AtomicLong ids = new AtomicLong();
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    respond(exchange, 405, "{\"error\": {\"code\": \"method_not_allowed\", \"message\": "
                            + "\"POST the event JSON to /\"}}");
                    return;
                }
                byte[] event;
                try (InputStream in = exchange.getRequestBody()) {
                    event = in.readAllBytes();
                }
                InferenceService.Answer answer = service.handle(event, "local-" + ids.incrementAndGet());
                synchronized (log) {
                    log.println(mapper.writeValueAsString(answer.log()));
                    if (answer.failure() != null) {
                        log.println("internal error: " + answer.failure());
                    }
                    log.flush();
                }
                respond(exchange, 200, mapper.writeValueAsString(answer.response()));
            }
        });
        server.setExecutor(executor);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public LocalFunctionServer start() {
        server.start();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
