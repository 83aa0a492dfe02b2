package io.mooring.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.wire.Hash256;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PowTest {

    /** Core's arith_uint256_tests "bignum_SetCompact": compact, expected value (hex), negative, overflow, GetCompact(negative). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "00000000, 0,                false, false, 00000000",
            "00123456, 0,                false, false, 00000000",
            "01003456, 0,                false, false, 00000000",
            "02000056, 0,                false, false, 00000000",
            "03000000, 0,                false, false, 00000000",
            "04000000, 0,                false, false, 00000000",
            "00923456, 0,                false, false, 00000000",
            "01803456, 0,                false, false, 00000000",
            "02800056, 0,                false, false, 00000000",
            "03800000, 0,                false, false, 00000000",
            "04800000, 0,                false, false, 00000000",
            "01123456, 12,               false, false, 01120000",
            "01fedcba, 7e,               true,  false, 01fe0000",
            "02123456, 1234,             false, false, 02123400",
            "03123456, 123456,           false, false, 03123456",
            "04123456, 12345600,         false, false, 04123456",
            "04923456, 12345600,         true,  false, 04923456",
            "05009234, 92340000,         false, false, 05009234",
            "02008000, 80,               false, false, 02008000",
            "20123456, 1234560000000000000000000000000000000000000000000000000000000000, false, false, 20123456",
    })
    void decodesAndReencodesCoreEdgeCases(String compactHex, String valueHex, boolean negative, boolean overflow,
                                          String reencodedHex) {
        long compact = Long.parseLong(compactHex, 16);
        Pow.DecodedCompact d = Pow.decodeCompact(compact);
        assertThat(d.target()).isEqualTo(new BigInteger(valueHex, 16));
        assertThat(d.negative()).isEqualTo(negative);
        assertThat(d.overflow()).isEqualTo(overflow);
        assertThat(Pow.compactToTarget(compact)).isEqualTo(d.target());
        assertThat(Pow.targetToCompact(d.target(), d.negative())).isEqualTo(Long.parseLong(reencodedHex, 16));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ff123456", "23000001", "22000100", "21010000"})
    void reportsOverflow(String compactHex) {
        assertThat(Pow.decodeCompact(Long.parseLong(compactHex, 16)).overflow()).isTrue();
        assertThat(Pow.blockProof(Long.parseLong(compactHex, 16))).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"22000001", "2100ffff", "20ffffff"})
    void largestExponentsWithSmallMantissasDoNotOverflow(String compactHex) {
        assertThat(Pow.decodeCompact(Long.parseLong(compactHex, 16)).overflow()).isFalse();
    }

    @Test
    void blockProofOfDifficultyOneIs0x100010001() {
        assertThat(Pow.blockProof(0x1d00ffffL)).isEqualTo(BigInteger.valueOf(0x100010001L));
    }

    @Test
    void blockProofIsZeroForNegativeOrZeroTargets() {
        assertThat(Pow.blockProof(0x04923456L)).isZero();
        assertThat(Pow.blockProof(0x01003456L)).isZero();
    }

    @Test
    void blockProofEquivalentTimeIsTheWorkDifferenceInTargetSpacingsAtTheTipsDifficulty() {
        // regtest blocks are worth 2 each: 10 blocks more at 600 s each are 6,000 s; the other way round negative.
        BigInteger ten = BigInteger.valueOf(20);
        BigInteger twenty = BigInteger.valueOf(40);
        assertThat(Pow.blockProofEquivalentTime(twenty, ten, 0x207fffffL, 600)).isEqualTo(6_000);
        assertThat(Pow.blockProofEquivalentTime(ten, twenty, 0x207fffffL, 600)).isEqualTo(-6_000);
        // At difficulty 1 (0x100010001 hashes a block) the same work difference is a sliver of a second.
        assertThat(Pow.blockProofEquivalentTime(BigInteger.valueOf(0x100010001L).multiply(BigInteger.valueOf(3)),
                BigInteger.ZERO, 0x1d00ffffL, 600)).isEqualTo(1_800);
        // More than 63 bits saturates, as Core's r.bits() > 63 check (minus the maximum, not Long.MIN_VALUE).
        BigInteger huge = BigInteger.ONE.shiftLeft(80);
        assertThat(Pow.blockProofEquivalentTime(huge, BigInteger.ZERO, 0x207fffffL, 600)).isEqualTo(Long.MAX_VALUE);
        assertThat(Pow.blockProofEquivalentTime(BigInteger.ZERO, huge, 0x207fffffL, 600)).isEqualTo(-Long.MAX_VALUE);
    }

    @Test
    void blockProofOfTheEasiestTargetIsTwo() {
        // regtest: target 0x7fffff << 232, 2^256 / (target + 1) = 2 (rounding down)
        assertThat(Pow.blockProof(0x207fffffL)).isEqualTo(BigInteger.TWO);
    }

    @Test
    void targetToCompactRejectsValuesOutsideUint256() {
        assertThatThrownBy(() -> Pow.targetToCompact(Pow.TWO_256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pow.targetToCompact(BigInteger.ONE.negate())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashReadsAsItsDisplayHex() {
        Hash256 h = Hash256.fromHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        assertThat(Pow.toBigInteger(h)).isEqualTo(new BigInteger(h.toString(), 16));
        Hash256 high = Hash256.fromHex("ff00000000000000000000000000000000000000000000000000000000000001");
        assertThat(Pow.toBigInteger(high)).isEqualTo(new BigInteger(high.toString(), 16));
    }

    @Test
    void checkProofOfWorkAcceptsMainnetGenesisAndRejectsAnEasierLimit() {
        Hash256 genesis = Hash256.fromHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        BigInteger limit = Pow.compactToTarget(0x1d00ffffL);
        assertThat(Pow.checkProofOfWork(genesis, 0x1d00ffffL, limit)).isTrue();
        assertThat(Pow.checkProofOfWork(genesis, 0x1b00ffffL, limit)).isFalse(); // target below this hash
        assertThat(Pow.checkProofOfWork(genesis, 0x1d00ffffL, limit.shiftRight(1))).isFalse(); // above the limit
    }

    @Property
    void canonicalCompactsRoundTrip(@ForAll("canonicalCompacts") long compact) {
        assertThat(Pow.targetToCompact(Pow.compactToTarget(compact))).isEqualTo(compact);
        assertThat(Pow.decodeCompact(compact).isUsableTarget()).isTrue();
    }

    @Property
    void everyTargetEncodesToACompactThatKeepsItsTopBytes(@ForAll("targets") BigInteger target) {
        long compact = Pow.targetToCompact(target);
        BigInteger back = Pow.compactToTarget(compact);
        // The encoding truncates to the most significant 2-3 bytes: never above, and the lost part is below 2^(size-3 bytes).
        assertThat(back).isLessThanOrEqualTo(target);
        int size = (int) (compact >>> 24);
        assertThat(target.subtract(back)).isLessThan(BigInteger.ONE.shiftLeft(Math.max(0, 8 * (size - 3))));
        assertThat(Pow.targetToCompact(back)).isEqualTo(compact);
    }

    /**
     * Compacts GetCompact can produce for a non-zero target: exponent 1 and 2 hold the value in the top mantissa bytes;
     * exponents 3..32 take any mantissa with its sign bit clear and a non-zero top byte, or a top byte of zero when the
     * next one has its high bit set; exponent 33 only the latter (the value must fit in 256 bits).
     */
    @Provide
    Arbitrary<Long> canonicalCompacts() {
        Arbitrary<Long> size1 = Arbitraries.longs().between(0x01, 0x7f).map(v -> 0x01000000L | (v << 16));
        Arbitrary<Long> size2 = Arbitraries.longs().between(0x80, 0x7fff).map(v -> 0x02000000L | (v << 8));
        Arbitrary<Long> bigger = Combinators.combine(Arbitraries.integers().between(3, 32),
                Arbitraries.longs().between(0x8000, 0x7fffff)).as((s, m) -> ((long) s << 24) | m);
        Arbitrary<Long> size33 = Arbitraries.longs().between(0x8000, 0xffff).map(m -> 0x21000000L | m);
        return Arbitraries.oneOf(size1, size2, bigger, size33);
    }

    @Provide
    Arbitrary<BigInteger> targets() {
        return Arbitraries.integers().between(1, 256).flatMap(bits -> Arbitraries.bigIntegers()
                .between(BigInteger.ONE.shiftLeft(bits - 1), BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)));
    }
}
