package io.mooring.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SipHashTest {
    private static final JsonNode REFERENCE = GoldenVectors.json("bip152/compact_block_vectors.json")
            .get("siphash24_reference");

    @Test
    void reproducesAll64ReferenceOutputs() {
        long k0 = Long.parseUnsignedLong(REFERENCE.get("k0").asText().substring(2), 16);
        long k1 = Long.parseUnsignedLong(REFERENCE.get("k1").asText().substring(2), 16);
        assertThat(k0).isEqualTo(0x0706050403020100L);
        assertThat(k1).isEqualTo(0x0f0e0d0c0b0a0908L);
        JsonNode outputs = REFERENCE.get("outputs_uint64_hex");
        assertThat(outputs).hasSize(64);
        byte[] message = new byte[64];
        for (int i = 0; i < 64; i++) {
            message[i] = (byte) i;
        }
        for (int i = 0; i < 64; i++) {
            long expected = Long.parseUnsignedLong(outputs.get(i).asText(), 16);
            assertThat(SipHash.hash(k0, k1, message, 0, i)).as("message of %d bytes", i).isEqualTo(expected);
            byte[] prefix = java.util.Arrays.copyOf(message, i);
            assertThat(SipHash.hash(k0, k1, prefix)).isEqualTo(expected);
            assertThat(SipHash.hash(k0, k1, Bytes.wrap(prefix))).isEqualTo(expected);
        }
    }

    @Test
    void hashesARangeInTheMiddleOfAnArray() {
        byte[] padded = new byte[64 + 7];
        for (int i = 0; i < 64; i++) {
            padded[3 + i] = (byte) i;
        }
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        // Output for the 63-byte message, the last reference value.
        assertThat(SipHash.hash(k0, k1, padded, 3, 63)).isEqualTo(0x958a324ceb064572L);
    }

    @Test
    void hashOf32ByteHashEqualsTheReferenceOutputFor32Bytes() {
        byte[] message = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        long expected = Long.parseUnsignedLong(REFERENCE.get("outputs_uint64_hex").get(32).asText(), 16);
        assertThat(SipHash.hash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, Hash256.fromInternal(message)))
                .isEqualTo(expected);
    }

    @Property
    void hash256EntryPointAgreesWithTheByteEntryPoint(@ForAll long k0, @ForAll long k1,
                                                       @ForAll @Size(32) byte[] data) {
        assertThat(SipHash.hash(k0, k1, Hash256.fromInternal(data))).isEqualTo(SipHash.hash(k0, k1, data));
    }
}
