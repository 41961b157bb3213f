package org.maskrecommender.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** Where the app's internal token may be sent. */
class SourceReaderTokenTest {

    @Test
    void theTokenGoesOnlyOverHttpsOrToThisMachine() {
        assertThat(SourceReader.tokenMaySee(URI.create("https://app.example.org/export"))).isTrue();
        assertThat(SourceReader.tokenMaySee(URI.create("http://127.0.0.1:8080/export"))).isTrue();
        assertThat(SourceReader.tokenMaySee(URI.create("http://localhost:8080/export"))).isTrue();
        assertThat(SourceReader.tokenMaySee(URI.create("http://app.example.org/export"))).isFalse();
        assertThat(SourceReader.tokenMaySee(URI.create("http://10.0.0.5/export"))).isFalse();
    }
}
