package io.mooring.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the golden vector files under {@code src/test/resources/vectors} (see the README.md there). */
public final class GoldenVectors {
    private GoldenVectors() {
    }

    /** The bytes of {@code vectors/<path>}, e.g. {@code bip158/testnet-19.json}. */
    public static byte[] bytes(String path) {
        try (InputStream in = GoldenVectors.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) throw new IllegalStateException("missing test resource vectors/" + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.US_ASCII);
    }

    public static JsonNode json(String path) {
        try {
            return new ObjectMapper().readTree(bytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
