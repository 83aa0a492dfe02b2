package io.mooring.netgroup;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/** Test data: Core's asmap.raw (a resource) and the two real 2025-12 maps read from ../shared/vectors/asmap. */
final class AsmapFixtures {
    static final String RAW = "asmap.raw";
    static final String FILLED = "1764864000_asmap.dat";
    static final String UNFILLED = "1764864000_asmap_unfilled.dat";

    private static final ConcurrentHashMap<String, Asmap> CACHE = new ConcurrentHashMap<>();

    private AsmapFixtures() {}

    static byte[] resource(String name) {
        try (InputStream in = AsmapFixtures.class.getResourceAsStream("/asmap/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource /asmap/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode lookups() {
        try {
            return new ObjectMapper().readTree(resource("asmap_lookups.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real map from ../shared/vectors/asmap; the test is skipped (not failed) if the folder is not there. */
    static Path sharedFile(String name) {
        String root = System.getProperty("mooring.root", ".");
        Path p = Path.of(root, "..", "shared", "vectors", "asmap", name).normalize();
        assumeTrue(Files.isRegularFile(p), "shared asmap vector not found: " + p);
        return p;
    }

    static byte[] bytes(String name) {
        if (name.equals(RAW)) return resource(RAW);
        try {
            return Files.readAllBytes(sharedFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The map, loaded once per JVM (decoding the real maps into a trie takes a moment). */
    static Asmap map(String name) {
        Asmap cached = CACHE.get(name);
        if (cached != null) return cached;
        try {
            Asmap m = Asmap.fromBytes(bytes(name), name);
            CACHE.putIfAbsent(name, m);
            return CACHE.get(name);
        } catch (AsmapException e) {
            throw new AssertionError(e);
        }
    }
}
