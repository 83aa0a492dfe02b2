package io.mooring.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test resources (copies of the shared vectors live under /vectors; see vectors/README.md there). */
final class TestResources {
    private TestResources() {
    }

    static String text(String path) {
        try (InputStream in = TestResources.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing test resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
