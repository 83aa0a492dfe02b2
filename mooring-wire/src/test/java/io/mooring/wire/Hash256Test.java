package io.mooring.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Hash256Test {
    @Test
    void displayHexIsByteReversed() {
        Hash256 h = Hash256.fromHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        byte[] internal = h.toInternalBytes();
        assertThat(internal[0]).isEqualTo((byte) 0x6f);
        assertThat(internal[31]).isEqualTo((byte) 0x00);
        assertThat(h.toString()).isEqualTo("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    }

    @Test
    void sha256dOfHelloMatchesTheKnownValue() {
        // SHA256d("hello") = 9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50 (internal order).
        Hash256 h = Hashes.sha256d("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(java.util.HexFormat.of().formatHex(h.toInternalBytes()))
                .isEqualTo("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50");
    }

    @Test
    void comparisonIsNumericLikeCoresUint256() {
        Hash256 small = Hash256.fromHex("00000000000000000000000000000000000000000000000000000000000000ff");
        Hash256 big = Hash256.fromHex("0100000000000000000000000000000000000000000000000000000000000000");
        assertThat(small).isLessThan(big);
        assertThat(Hash256.fromHex("8000000000000000000000000000000000000000000000000000000000000000"))
                .isGreaterThan(big);
    }

    @Property
    void internalBytesRoundTrip(@ForAll @Size(32) byte[] bytes) {
        Hash256 h = Hash256.fromInternal(bytes);
        assertThat(h.toInternalBytes()).isEqualTo(bytes);
        assertThat(Hash256.fromHex(h.toString())).isEqualTo(h);
    }
}
