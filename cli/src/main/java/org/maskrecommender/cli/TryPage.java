package org.maskrecommender.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.buffer.Buffer;

import org.maskrecommender.core.domain.Measurement;

/**
 * The page {@code serve} answers {@code GET /} with: a form for the six measurements that POSTs the request to the
 * same server and draws the ranked masks. One self-contained HTML file ({@code try.html} beside this class), with
 * the measurement fields filled in from {@link Measurement}, so the page's names and ranges are the function's.
 *
 * <p>The page is sent with a Content-Security-Policy that allows exactly its own inline style and script (by their
 * sha256, computed here from the file) and requests to the page's own origin: nothing else loads or runs, even if a
 * rendered mask name held markup (the script only ever sets text).
 */
final class TryPage {

    private static final String RESOURCE = "try.html";
    private static final String FIELDS_MARKER = "<!--measurements-->";
    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    private final byte[] html;
    private final String contentSecurityPolicy;

    private TryPage(byte[] html, String contentSecurityPolicy) {
        this.html = html;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    /** The page, UTF-8. */
    Buffer html() {
        return Buffer.buffer(html);
    }

    /** The Content-Security-Policy header value the page must be sent with. */
    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** Reads the page from the class path; fails when the file is not what this class expects (a build mistake). */
    static TryPage load() {
        String template;
        try (InputStream in = TryPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            template = new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        if (!template.contains(FIELDS_MARKER)) {
            throw new IllegalStateException(RESOURCE + " has no " + FIELDS_MARKER + " marker");
        }
        String page = template.replace(FIELDS_MARKER, fields());
        String csp = "default-src 'none'; "
                + "script-src " + hashes(SCRIPT, page) + "; "
                + "style-src " + hashes(STYLE, page) + "; "
                + "connect-src 'self'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
        return new TryPage(page.getBytes(UTF_8), csp);
    }

    /** One labelled text field per measurement; text, not number, so what was typed reaches the function's rules. */
    private static String fields() {
        StringBuilder html = new StringBuilder();
        for (Measurement m : Measurement.values()) {
            String id = m.field();
            html.append("<div class=\"field\"><label for=\"").append(id).append("\">").append(label(m))
                    .append("</label><input id=\"").append(id).append("\" name=\"").append(id)
                    .append("\" type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" required data-measurement")
                    .append(" aria-describedby=\"").append(id).append("-range\"><span id=\"").append(id)
                    .append("-range\" class=\"range\">").append(number(m.minMm())).append(" to ")
                    .append(number(m.maxMm())).append(" mm</span></div>\n");
        }
        return html.toString();
    }

    private static String label(Measurement m) {
        return switch (m) {
            case NOSE -> "Nose";
            case CHIN -> "Chin";
            case TOP_CHEEK -> "Top cheek";
            case MID_CHEEK -> "Mid cheek";
            case STRAP -> "Strap";
            case BEARD -> "Beard length";
        };
    }

    private static String number(double mm) {
        return mm == Math.rint(mm) ? Long.toString((long) mm) : Double.toString(mm);
    }

    private static String hashes(Pattern element, String page) {
        List<String> sources = new ArrayList<>();
        Matcher m = element.matcher(page);
        while (m.find()) {
            sources.add("'sha256-" + sha256(m.group(1)) + "'");
        }
        if (sources.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " has no " + element.pattern() + " element");
        }
        return String.join(" ", sources);
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
