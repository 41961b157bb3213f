package org.maskrecommender.training.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** What every model card must be, checked on the parsed page: self-contained, well-formed. */
public final class CardChecks {

    private CardChecks() {
    }

    /** Parses a card as a browser would (jsoup's HTML5 parser). */
    public static Document parse(String html) {
        return Jsoup.parse(html);
    }

    /** Points of a polyline's {@code points} attribute. */
    public static int points(Element polyline) {
        String points = polyline.attr("points").strip();
        return points.isEmpty() ? 0 : (int) Arrays.stream(points.split("\\s+")).count();
    }

    /**
     * Nothing to fetch: no script at all (the card needs none), no src/href/xlink:href/action to a network or any
     * other document, no CSS import or url(), no link or iframe or object elements.
     */
    public static void assertSelfContained(String html) {
        Document doc = parse(html);
        assertThat(doc.select("script")).as("scripts").isEmpty();
        assertThat(doc.select("link, iframe, object, embed, img, image, use, base, form")).as("fetching elements")
                .isEmpty();
        for (Element e : doc.getAllElements()) {
            e.attributes().forEach(a -> {
                String key = a.getKey().toLowerCase(Locale.ROOT);
                if (key.equals("src") || key.endsWith("href") || key.equals("action") || key.equals("srcset")) {
                    String value = a.getValue().strip().toLowerCase(Locale.ROOT);
                    assertThat(value).as(e.tagName() + " " + key).startsWith("#");
                }
                assertThat(key).as("event handler attribute on " + e.tagName()).doesNotStartWith("on");
                assertThat(a.getValue().toLowerCase(Locale.ROOT)).as(key).doesNotContain("url(");
            });
        }
        for (Element style : doc.select("style")) {
            String css = style.data().toLowerCase(Locale.ROOT);
            assertThat(css).doesNotContain("@import").doesNotContain("url(").doesNotContain("http");
        }
    }

    /** Well-formed as XML too (the JDK's parser, no DTD fetched): every element closed, every string escaped. */
    public static void assertWellFormed(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }
}
