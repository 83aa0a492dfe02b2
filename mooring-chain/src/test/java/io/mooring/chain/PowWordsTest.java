package io.mooring.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.Hash256;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The word-based CheckProofOfWork against its definition on BigIntegers (Core's SetCompact flags and comparisons). */
class PowWordsTest {
    private static boolean reference(Hash256 hash, long bits, BigInteger limit) {
        Pow.DecodedCompact d = Pow.decodeCompact(bits);
        if (!d.isUsableTarget() || d.target().compareTo(limit) > 0) return false;
        return Pow.toBigInteger(hash).compareTo(d.target()) <= 0;
    }

    @Test
    void agreesWithTheBigIntegerDefinitionOnEveryKindOfBits() {
        SplittableRandom r = new SplittableRandom(7);
        BigInteger[] limits = {ChainParamsLoader.builtIn("main").powLimit(), ChainParamsLoader.builtIn("regtest").powLimit(),
                ChainParamsLoader.builtIn("signet").powLimit(), Pow.TWO_256.subtract(BigInteger.ONE)};
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            int size = r.nextInt(40);
            long mantissa = switch (r.nextInt(4)) {
                case 0 -> r.nextLong(0x1000000L);
                case 1 -> r.nextLong(0x100L);
                case 2 -> 0x800000L | r.nextLong(0x800000L);
                default -> r.nextLong(0x10000L);
            };
            long bits = ((long) size << 24) | mantissa;
            // Hashes near the target make the last comparison matter: shift a random value down by a random amount.
            BigInteger v = new BigInteger(256, new java.util.Random(r.nextLong())).shiftRight(r.nextInt(257));
            byte[] le = new byte[32];
            byte[] be = v.toByteArray();
            for (int k = 0; k < be.length && k < 32; k++) le[k] = be[be.length - 1 - k];
            Hash256 hash = Hash256.fromInternal(le);
            BigInteger limit = limits[r.nextInt(limits.length)];
            boolean expected = reference(hash, bits, limit);
            assertThat(Pow.checkProofOfWork(hash, bits, limit)).as("bits %08x hash %s", bits, hash).isEqualTo(expected);
            if (expected) accepted++;
        }
        assertThat(accepted).isGreaterThan(1000);
    }
}
