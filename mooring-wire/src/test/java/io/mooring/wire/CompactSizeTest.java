package io.mooring.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompactSizeTest {
    private static WireReader reader(String hex) {
        return new WireReader(HexFormat.of().parseHex(hex));
    }

    @ParameterizedTest
    @CsvSource({
            "00, 0", "fc, 252", "fdfd00, 253", "fdffff, 65535", "fe00000100, 65536",
            "feffffffff, 4294967295", "ff0000000001000000, 4294967296", "ffffffffffffffffff, -1"})
    void canonicalEncodingsDecodeWithoutRangeCheck(String hex, long expected) throws ProtocolException {
        assertThat(reader(hex).readCompactSize(false)).isEqualTo(expected);
        WireWriter w = new WireWriter();
        w.writeCompactSize(expected);
        assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo(hex);
        assertThat(WireWriter.compactSizeLength(expected)).isEqualTo(hex.length() / 2);
    }

    @ParameterizedTest
    @CsvSource({"fdfc00", "fd0000", "feffff0000", "fe00000000", "ffffffffff00000000", "ff0000000000000000"})
    void nonCanonicalEncodingsAreRejectedAsCoreDoes(String hex) {
        assertThatThrownBy(() -> reader(hex).readCompactSize(false))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(ProtocolError.NON_CANONICAL_COMPACT_SIZE));
    }

    @Test
    void lengthsAboveMaxSizeAreRejectedWithRangeCheck() throws ProtocolException {
        assertThat(reader("fe00000002").readCompactSize()).isEqualTo(WireReader.MAX_SIZE);
        assertThatThrownBy(() -> reader("fe01000002").readCompactSize())
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(ProtocolError.SIZE_TOO_LARGE));
    }

    @ParameterizedTest
    @CsvSource({"''", "fd", "fd01", "fe010000", "ff01000000000000"})
    void truncatedEncodingsAreTruncatedErrors(String hex) {
        assertThatThrownBy(() -> reader(hex).readCompactSize(false))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(ProtocolError.TRUNCATED));
    }

    @Property
    void everyUint64RoundTripsCanonically(@ForAll long value) throws ProtocolException {
        WireWriter w = new WireWriter();
        w.writeCompactSize(value);
        byte[] bytes = w.toByteArray();
        assertThat(bytes).hasSize(WireWriter.compactSizeLength(value));
        WireReader r = new WireReader(bytes);
        assertThat(r.readCompactSize(false)).isEqualTo(value);
        assertThat(r.hasRemaining()).isFalse();
    }

    @Test
    void aForgedCountLargerThanTheInputIsTruncatedBeforeAllocation() {
        // 0x02000000 elements of 36 bytes cannot fit in 5 bytes of input.
        assertThatThrownBy(() -> reader("fe00000002").readCount(Integer.MAX_VALUE, 36, ProtocolError.TOO_MANY_ENTRIES))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(ProtocolError.TRUNCATED));
    }

    @Test
    void countAboveTheFieldLimitGivesTheFieldsError() {
        assertThatThrownBy(() -> reader("fd0104").readCount(1000, 0, ProtocolError.TOO_MANY_ADDRESSES))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(ProtocolError.TOO_MANY_ADDRESSES));
    }

    @Test
    void varStringLongerThanItsLimitIsRejected() {
        WireWriter w = new WireWriter();
        w.writeVarString("x".repeat(257));
        assertThatThrownBy(() -> new WireReader(w.toByteArray()).readVarString(256))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(ProtocolError.FIELD_TOO_LONG));
    }
}
