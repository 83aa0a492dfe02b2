package io.mooring.netgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Core's SanityCheckAsmap: real maps pass; every rule rejects what it should, with a reason. */
class AsmapSanityCheckTest {
    private static String reason(byte[] data) {
        return Asmap.sanityCheckReason(data, Asmap.STANDARD_BITS);
    }

    private static AsmapWriter w() {
        return new AsmapWriter();
    }

    @ParameterizedTest
    @ValueSource(strings = {AsmapFixtures.RAW, AsmapFixtures.FILLED, AsmapFixtures.UNFILLED})
    void realMapsPassTheSanityCheck(String file) {
        assertThat(reason(AsmapFixtures.bytes(file))).isNull();
        assertThat(Asmap.sanityCheck(AsmapFixtures.bytes(file), 128)).isTrue();
    }

    @Test
    void aSingleReturnIsAValidMap() throws Exception {
        Asmap m = Asmap.fromBytes(w().ret(42).toBytes(), "single");
        assertThat(m.lookup(new byte[16])).isEqualTo(42);
        assertThat(m.decode()).extracting(Object::toString).containsExactly("::/0 AS42");
    }

    @Test
    void emptyFileIsMalformed() {
        assertThatThrownBy(() -> Asmap.fromBytes(new byte[0], "\"empty.dat\""))
                .isInstanceOf(AsmapException.class)
                .hasMessage("asmap file \"empty.dat\" is malformed: empty file");
    }

    @Test
    void truncatedInstructionIsRejected() {
        assertThat(reason(Arrays.copyOf(w().ret(1).toBytes(), 1))).startsWith("truncated RETURN");
        assertThat(reason(Arrays.copyOf(w().def(300).ret(1).toBytes(), 1))).startsWith("truncated DEFAULT");
    }

    @Test
    void returnRightAfterDefaultIsRejected() {
        assertThat(reason(w().def(5).ret(1).toBytes())).startsWith("RETURN directly after DEFAULT");
    }

    @Test
    void twoConsecutiveDefaultsAreRejected() {
        assertThat(reason(w().def(5).def(6).match(0b1_1111_1111).ret(1).toBytes()))
                .startsWith("two consecutive DEFAULTs");
    }

    @Test
    void jumpBeyondTheEndIsRejected() {
        assertThat(reason(w().jumpRaw(5000).ret(1).toBytes())).contains("beyond the end");
    }

    @Test
    void jumpIntoTheMiddleOfAnInstructionIsRejected() {
        AsmapWriter left = w().match(0x1ff).ret(1);
        assertThat(w().match(0x1ff).size()).isGreaterThan(17); // so a 17-bit jump lands inside the MATCH
        AsmapWriter m = w().jumpRaw(17).append(left).ret(2);
        assertThat(reason(m.toBytes())).startsWith("jump into the middle");
    }

    @Test
    void codeThatNoPathReachesIsRejected() {
        AsmapWriter left = w().ret(1);
        AsmapWriter m = w().jumpRaw(left.size() + 17).append(left).ret(3).ret(2);
        assertThat(reason(m.toBytes())).startsWith("unreachable code");
    }

    @Test
    void intersectingJumpsAreRejected() {
        // the outer jump lands inside the inner jump's one-branch
        AsmapWriter inner = w().jump(w().ret(1), w().ret(2));
        AsmapWriter m = w().jumpRaw(inner.size() - 5).append(inner).ret(3);
        assertThat(reason(m.toBytes())).isNotNull();
        AsmapWriter nested = w().jumpRaw(30).jumpRaw(40).ret(1).ret(2).ret(3);
        assertThat(reason(nested.toBytes())).startsWith("intersecting jumps");
    }

    @Test
    void consumingMoreThan128InputBitsIsRejected() {
        AsmapWriter ok = w();
        for (int i = 0; i < 16; i++) ok.match(0x1ff);
        assertThat(reason(ok.ret(1).toBytes())).isNull();
        AsmapWriter tooLong = w();
        for (int i = 0; i < 17; i++) tooLong.match(0x1ff);
        assertThat(reason(tooLong.ret(1).toBytes())).contains("consumes more than the input's bits");
        AsmapWriter jumpAfter = w();
        for (int i = 0; i < 16; i++) jumpAfter.match(0x1ff);
        assertThat(reason(jumpAfter.jump(w().ret(1), w().ret(2)).toBytes()))
                .contains("consumes more than the input's bits");
        assertThat(Asmap.sanityCheck(ok.toBytes(), 127)).isFalse();
    }

    @Test
    void twoShortMatchesInOneRunAreRejected() {
        assertThat(reason(w().match(0b10).match(0b10).ret(1).toBytes())).startsWith("second MATCH shorter than 8");
        assertThat(reason(w().match(0b10).match(0x1ff).ret(1).toBytes())).isNull();
        // a DEFAULT between them starts a new run
        assertThat(reason(w().match(0b10).def(7).match(0b10).ret(1).toBytes())).isNull();
    }

    @Test
    void paddingMustBeShortAndZero() {
        byte[] ok = w().ret(1).toBytes(); // 17 bits: 7 zero padding bits
        assertThat(reason(ok)).isNull();
        byte[] longer = Arrays.copyOf(ok, ok.length + 1);
        assertThat(reason(longer)).startsWith("unreachable data after the last RETURN");
        byte[] dirty = ok.clone();
        dirty[2] |= (byte) 0x80;
        assertThat(reason(dirty)).startsWith("non-zero padding bit");
    }

    @Test
    void endOfDataWithoutReturnIsRejected() {
        AsmapWriter m = w().def(1).match(0b10); // 19 + 5 = 24 bits exactly
        assertThat(m.size()).isEqualTo(24);
        assertThat(reason(m.toBytes())).isEqualTo("end of data without a final RETURN");
    }

    @ParameterizedTest
    @ValueSource(strings = {AsmapFixtures.RAW, AsmapFixtures.FILLED, AsmapFixtures.UNFILLED})
    void truncatedRealMapsAreRejected(String file) {
        byte[] data = AsmapFixtures.bytes(file);
        for (int cut : new int[] {1, 2, data.length / 2, data.length - 1}) {
            byte[] truncated = Arrays.copyOf(data, data.length - cut);
            assertThatThrownBy(() -> Asmap.fromBytes(truncated, file)).isInstanceOf(AsmapException.class)
                    .hasMessageStartingWith("asmap file " + file + " is malformed: ");
        }
    }

    @Test
    void everyStrictPrefixOfCoresTestMapIsRejected() {
        byte[] data = AsmapFixtures.bytes(AsmapFixtures.RAW);
        for (int n = 0; n < data.length; n++) {
            assertThat(reason(Arrays.copyOf(data, n))).as("first %d bytes", n).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {AsmapFixtures.RAW, AsmapFixtures.FILLED, AsmapFixtures.UNFILLED})
    void appendedBytesAreRejected(String file) {
        byte[] data = AsmapFixtures.bytes(file);
        for (int extra : new int[] {0x00, 0x01, 0xff}) {
            byte[] longer = Arrays.copyOf(data, data.length + 1);
            longer[data.length] = (byte) extra;
            assertThat(reason(longer)).as("appended %02x", extra).isNotNull();
        }
    }

    @Test
    void flippedBitsInCoresTestMapAreRejectedOrStillInterpretable() {
        byte[] data = AsmapFixtures.bytes(AsmapFixtures.RAW);
        int rejected = 0;
        for (int bit = 0; bit < data.length * 8; bit++) {
            byte[] flipped = data.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                Asmap m = Asmap.fromBytes(flipped, "flipped");
                // accepted (an ASN bit changed, say): lookups must still terminate as Core's Interpret does
                m.lookup(Asmap.mappedIPv4(new byte[] {(byte) 250, 1, 1, 1}));
                m.lookup(new byte[16]);
                assertThat(m.decode()).isNotNull();
            } catch (AsmapException e) {
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(data.length * 8 / 4);
        // the last byte's padding bits are zero, so flipping the top one is always caught
        byte[] lastPadding = data.clone();
        lastPadding[data.length - 1] ^= (byte) 0x80;
        assertThat(reason(lastPadding)).startsWith("non-zero padding bit");
    }

    @Test
    void loadNamesTheFileAndReportsMissingFiles(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("asmap.raw");
        Files.write(good, AsmapFixtures.bytes(AsmapFixtures.RAW));
        Asmap m = Asmap.load(good);
        assertThat(m.size()).isEqualTo(59);
        Path bad = dir.resolve("bad.dat");
        Files.write(bad, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Asmap.load(bad)).isInstanceOf(AsmapException.class)
                .hasMessageStartingWith("asmap file \"" + bad + "\" is malformed: ");
        assertThatThrownBy(() -> Asmap.load(dir.resolve("missing.dat"))).isInstanceOf(NoSuchFileException.class);
    }
}
