package org.maskrecommender.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import org.maskrecommender.inference.InferenceService;

/**
 * The inference function over HTTP the way the Lambda runtime hands it events: POST an event (a plain
 * request or an API Gateway / Function URL event) to {@code /}, get the function's response as the
 * body. Lets an app developer integrate against the real handler logic without AWS. {@code GET /} answers a page
 * to try the model in a browser ({@link TryPage}), which POSTs to the same {@code /}.
 *
 * <p>Built to keep answering whatever clients do: connections are read by a Vert.x event loop, which never waits
 * for a client, so clients that stall after their headers or halfway through a body hold no thread; a request whose
 * body has not fully arrived within {@link Settings#requestTimeout()} is answered 408 and its connection closed; a
 * connection idle for {@link Settings#idleTimeout()} is closed; a body over {@link Settings#maxBodyBytes()} (the
 * function's own limit) is answered 413 without being read; the function itself runs on a bounded pool, and a
 * request beyond its queue is answered 503. Responses go out with TCP_NODELAY, so a keep-alive connection is not
 * held back by Nagle's algorithm waiting for the client's delayed ACK.
 */
public final class LocalFunctionServer implements AutoCloseable {

    /**
     * Limits of the server.
     *
     * @param maxBodyBytes   largest request body read; a larger one is answered 413
     * @param requestTimeout time from a request's headers to the end of its body; a slower one is answered 408
     * @param idleTimeout    a connection that sends and receives nothing for this long is closed
     * @param workers        threads running the function
     * @param queue          requests waiting for a thread before the server answers 503
     */
    public record Settings(int maxBodyBytes, Duration requestTimeout, Duration idleTimeout, int workers, int queue) {

        /** The function's own size limit, 10 s for a body, 30 s idle, a thread per core (at least 2). */
        public static final Settings DEFAULT = new Settings(InferenceService.MAX_EVENT_BYTES, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Math.max(2, Runtime.getRuntime().availableProcessors()), 256);
    }

    private final InferenceService service;
    private final ObjectMapper mapper;
    private final PrintWriter log;
    private final Settings settings;
    private final String host;
    private final int requestedPort;
    private final HttpServerOptions options;
    private final Vertx vertx;
    private final ThreadPoolExecutor workers;
    private final TryPage page = TryPage.load();
    private final AtomicLong ids = new AtomicLong();
    private HttpServer server;

    /**
     * @param service the inference service (its model is loaded on the first request)
     * @param mapper  JSON mapper
     * @param host    interface to bind, e.g. 127.0.0.1
     * @param port    port, 0 for any free one
     * @param log     receives one JSON log line per invocation
     */
    public LocalFunctionServer(InferenceService service, ObjectMapper mapper, String host, int port, PrintWriter log) {
        this(service, mapper, host, port, log, Settings.DEFAULT);
    }

    /** With other limits (tests use short timeouts). */
    public LocalFunctionServer(InferenceService service, ObjectMapper mapper, String host, int port, PrintWriter log,
                               Settings settings) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port must be between 0 and 65535 (0: any free port), got " + port);
        }
        this.service = service;
        this.mapper = mapper;
        this.log = log;
        this.settings = settings;
        this.host = host;
        this.requestedPort = port;
        this.options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setIdleTimeout((int) settings.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHandle100ContinueAutomatically(false) // 100 Continue only for a body that will be read
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false);
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(Math.min(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setUseDaemonThread(true)
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)
                        .setFileCachingEnabled(false)));
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queue()), r -> {
                    Thread t = new Thread(r, "serve-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** @throws IllegalStateException when the port cannot be listened on (taken, not allowed) */
    public LocalFunctionServer start() {
        HttpServer created = vertx.createHttpServer(options).requestHandler(this::handle);
        try {
            server = created.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            close();
            String reason = e.getCause() == null || e.getCause().getMessage() == null ? "refused"
                    : e.getCause().getMessage();
            throw new IllegalStateException("cannot listen on " + host + ":" + requestedPort + ": " + reason, e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            close();
            throw new IllegalStateException("cannot listen on " + host + ":" + requestedPort + ": gave up waiting", e);
        }
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.actualPort();
    }

    /** Whether responses are sent with TCP_NODELAY (Nagle's algorithm off). */
    public boolean tcpNoDelay() {
        return options.isTcpNoDelay();
    }

    private void handle(HttpServerRequest request) {
        boolean root = "/".equals(request.path());
        if (root && request.method() == HttpMethod.GET) {
            page(request);
            return;
        }
        if (request.method() != HttpMethod.POST) {
            request.response().putHeader("Allow", root ? "GET, POST" : "POST");
            reply(request, 405, error("method_not_allowed", "POST the event JSON to /"), false);
            return;
        }
        String declared = request.getHeader("Content-Length");
        if (declared != null) {
            try {
                long length = Long.parseLong(declared.strip());
                if (length > settings.maxBodyBytes()) {
                    reply(request, 413, tooLarge(length + " bytes"), true);
                    return;
                }
            } catch (NumberFormatException e) {
                reply(request, 400, error("invalid_request", "the Content-Length header is not a number"), true);
                return;
            }
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        AtomicBoolean answered = new AtomicBoolean();
        long timer = vertx.setTimer(settings.requestTimeout().toMillis(), id -> {
            if (answered.compareAndSet(false, true)) {
                reply(request, 408, error("request_timeout", "the request body did not arrive within "
                        + settings.requestTimeout().toSeconds() + " s"), true);
            }
        });
        request.handler(chunk -> {
            if (answered.get()) {
                return;
            }
            if ((long) body.length() + chunk.length() > settings.maxBodyBytes()) {
                if (answered.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    reply(request, 413, tooLarge("more than " + settings.maxBodyBytes() + " bytes"), true);
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            vertx.cancelTimer(timer);
            answered.set(true); // the connection broke: nobody to answer
        });
        request.endHandler(v -> {
            vertx.cancelTimer(timer);
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            byte[] event = body.getBytes();
            try {
                workers.execute(() -> invoke(request, event));
            } catch (RejectedExecutionException e) {
                reply(request, 503, error("busy", "the server is answering " + workers.getQueue().size()
                        + " requests already; try again shortly"), false);
            }
        });
    }

    /** The page, from memory on the event loop: it never waits behind the function's queue. */
    private void page(HttpServerRequest request) {
        request.response().setStatusCode(200)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", page.contentSecurityPolicy())
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-cache")
                .end(page.html());
    }

    private void invoke(HttpServerRequest request, byte[] event) {
        String body;
        try {
            InferenceService.Answer answer = service.handle(event, "local-" + ids.incrementAndGet());
            String line = mapper.writeValueAsString(answer.log());
            synchronized (log) {
                log.println(line);
                if (answer.failure() != null) {
                    log.println("internal error: " + answer.failure());
                }
                log.flush();
            }
            body = mapper.writeValueAsString(answer.response());
        } catch (JsonProcessingException | RuntimeException e) {
            synchronized (log) {
                log.println("internal error: " + e);
                log.flush();
            }
            reply(request, 500, error("internal_error", "the response could not be written"), true);
            return;
        }
        reply(request, 200, body, false);
    }

    private String tooLarge(String size) {
        return error("invalid_request", "the request is " + size + "; at most " + settings.maxBodyBytes() + " bytes ("
                + String.format(Locale.ROOT, "%.0f", settings.maxBodyBytes() / 1048576.0) + " MiB) are accepted");
    }

    private String error(String code, String message) {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body.toString();
    }

    /** One response in one write; with {@code close}, the connection is closed after it (the rest is not read). */
    private static void reply(HttpServerRequest request, int status, String body, boolean close) {
        if (request.response().ended() || request.response().closed()) {
            return;
        }
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (close) {
            request.response().putHeader("Connection", "close");
        }
        request.response().end(body).onComplete(done -> {
            if (close) {
                request.connection().close();
            }
        });
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workers.shutdownNow();
            vertx.close();
        }
    }
}
