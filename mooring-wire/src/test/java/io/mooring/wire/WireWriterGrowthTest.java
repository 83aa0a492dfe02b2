package io.mooring.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Regression: every write must land in the grown array when it does not fit the current one. */
class WireWriterGrowthTest {
    @Test
    void writesThatOverflowTheInitialCapacityGrowTheBuffer() throws Exception {
        Hash256 h = Hash256.fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        WireWriter w = new WireWriter(16);
        for (int i = 0; i < 40; i++) {
            w.writeU8(i).writeU16LE(i).writeU16BE(i).writeI32LE(i).writeI64LE(i).writeU48LE(i).writeHash(h)
                    .writeBytes(new byte[]{1, 2, 3}).writeCompactSize(70_000);
        }
        WireReader r = new WireReader(w.toByteArray());
        for (int i = 0; i < 40; i++) {
            assertThat(r.readU8()).isEqualTo(i);
            assertThat(r.readU16LE()).isEqualTo(i);
            assertThat(r.readU16BE()).isEqualTo(i);
            assertThat(r.readI32LE()).isEqualTo(i);
            assertThat(r.readI64LE()).isEqualTo(i);
            assertThat(r.readU48LE()).isEqualTo(i);
            assertThat(r.readHash()).isEqualTo(h);
            assertThat(r.readByteArray(3)).containsExactly(1, 2, 3);
            assertThat(r.readCompactSize()).isEqualTo(70_000);
        }
        assertThat(r.remaining()).isZero();
    }
}
