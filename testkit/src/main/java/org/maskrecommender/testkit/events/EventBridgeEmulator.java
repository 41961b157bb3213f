package org.maskrecommender.testkit.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP stand-in for EventBridge's {@code PutEvents} (AWS JSON 1.1, {@code X-Amz-Target:
 * AWSEvents.PutEvents}) on a loopback port: the AWS SDK puts events to it, tests read what arrived and
 * turn an entry into the envelope EventBridge delivers to a rule's target.
 */
public final class EventBridgeEmulator implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";

    /**
     * One received entry.
     *
     * @param id         the event id answered to the caller
     * @param source     {@code Source}
     * @param detailType {@code DetailType}
     * @param detail     {@code Detail}, parsed
     * @param busName    {@code EventBusName} (default when absent)
     * @param time       when it arrived
     */
    public record Event(String id, String source, String detailType, JsonNode detail, String busName, Instant time) {
    }

    private final HttpServer server;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    private EventBridgeEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static EventBridgeEmulator start() {
        try {
            return new EventBridgeEmulator();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the EventBridge emulator", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Events received so far, in order. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The JSON EventBridge hands a rule's target (a Lambda function) for this event. */
    /**
     * The settings that point a function's EventBridge client here (endpoint, region, static keys: this stand-in
     * does not check signatures), under the function's configuration prefix.
     */
    public Map<String, String> clientConfig(String prefix) {
        return Map.of(
                prefix + ".endpoint-override", endpoint().toString(),
                prefix + ".region", REGION,
                prefix + ".access-key-id", "test",
                prefix + ".secret-access-key", "test");
    }

    public ObjectNode delivered(Event e) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", e.id());
        envelope.put("detail-type", e.detailType());
        envelope.put("source", e.source());
        envelope.put("account", ACCOUNT_ID);
        envelope.put("time", e.time().toString());
        envelope.put("region", REGION);
        envelope.putArray("resources");
        envelope.set("detail", e.detail());
        return envelope;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
                respond(exchange, 400, Map.of("__type", "MissingAuthenticationTokenException",
                        "message", "Missing Authentication Token"));
                return;
            }
            if (!"AWSEvents.PutEvents".equals(target)) {
                respond(exchange, 400, Map.of("__type", "UnknownOperationException", "message",
                        "only PutEvents is emulated, got " + target));
                return;
            }
            JsonNode request = mapper.readTree(body);
            ObjectNode response = mapper.createObjectNode();
            response.put("FailedEntryCount", 0);
            ArrayNode entries = response.putArray("Entries");
            for (JsonNode entry : request.path("Entries")) {
                String id = UUID.randomUUID().toString();
                events.add(new Event(id, entry.path("Source").asText(), entry.path("DetailType").asText(),
                        mapper.readTree(entry.path("Detail").asText("{}")), entry.path("EventBusName").asText("default"),
                        Instant.now()));
                entries.addObject().put("EventId", id);
            }
            respond(exchange, 200, response);
        }
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
