package io.mooring.script;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BIP340's own verification vectors on both {@link SignatureVerifier}s: valid signatures, keys off the curve or
 * beyond the field, r and s out of range, and messages of other lengths than 32 bytes.
 */
class Bip340VectorsTest {
    @TestFactory
    Stream<DynamicTest> schnorrVerificationMatchesBip340() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("/script/bip340-test-vectors.csv")), StandardCharsets.US_ASCII))) {
            r.readLine(); // header
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) rows.add(line.split(",", -1));
            }
        }
        assertThat(rows).hasSizeGreaterThanOrEqualTo(19);
        return rows.stream().flatMap(row -> ScriptVectors.VERIFIERS.stream().map(v -> DynamicTest.dynamicTest(
                "#" + row[0] + " [" + v.name() + "] " + row[7], () -> {
                    byte[] pub = ScriptVectors.hex(row[2]);
                    byte[] msg = ScriptVectors.hex(row[4]);
                    byte[] sig = ScriptVectors.hex(row[5]);
                    boolean expected = row[6].equals("TRUE");
                    assertThat(v.verifySchnorr(msg, sig, pub)).as("vector %s", row[0]).isEqualTo(expected);
                })));
    }
}
