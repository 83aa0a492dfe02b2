package io.mooring.banman;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RollingBloomFilterTest {
    static int murmur(int seed, String hex) {
        return RollingBloomFilter.murmurHash3(seed, HexFormat.of().parseHex(hex));
    }

    @Test
    void murmurHash3MatchesCoresHashTests() {
        assertThat(murmur(0, "")).isEqualTo(0x00000000);
        assertThat(murmur(0xFBA4C795, "")).isEqualTo(0x6a396f08);
        assertThat(murmur(0xffffffff, "")).isEqualTo(0x81f16f39);
        assertThat(murmur(0, "00")).isEqualTo(0x514e28b7);
        assertThat(murmur(0xFBA4C795, "00")).isEqualTo(0xea3f0b17);
        assertThat(murmur(0, "ff")).isEqualTo(0xfd6cf10d);
        assertThat(murmur(0, "0011")).isEqualTo(0x16c6b7ab);
        assertThat(murmur(0, "001122")).isEqualTo(0x8eb51c3d);
        assertThat(murmur(0, "00112233")).isEqualTo(0xb4471bf8);
        assertThat(murmur(0, "0011223344")).isEqualTo(0xe2301fa8);
        assertThat(murmur(0, "001122334455")).isEqualTo(0xfc2e4a15);
        assertThat(murmur(0, "00112233445566")).isEqualTo(0xb074502c);
        assertThat(murmur(0, "0011223344556677")).isEqualTo(0x8034d2a0);
        assertThat(murmur(0, "001122334455667788")).isEqualTo(0xb4698def);
    }

    @Test
    void discouragementFilterHasCoresShape() {
        RollingBloomFilter f = new RollingBloomFilter(50_000, 0.000001, new SplittableRandom(1));
        assertThat(f.hashFuncs()).isEqualTo(20);
        assertThat(f.entriesPerGeneration()).isEqualTo(25_000);
        long bits = (long) Math.ceil(-20.0 * 75_000 / Math.log(1.0 - Math.exp(Math.log(0.000001) / 20)));
        assertThat(f.words()).isEqualTo((int) (((bits + 63) / 64) << 1));
        RollingBloomFilter small = new RollingBloomFilter(100, 0.01, new SplittableRandom(1));
        assertThat(small.hashFuncs()).isEqualTo(7);
        assertThat(small.entriesPerGeneration()).isEqualTo(50);
    }

    static byte[] key(int i) {
        return ByteBuffer.allocate(8).putInt(0x5eed).putInt(i).array();
    }

    @Test
    void lastNElementsAreAlwaysRemembered() {
        RollingBloomFilter f = new RollingBloomFilter(100, 0.01, new SplittableRandom(7));
        for (int i = 0; i < 1000; i++) {
            f.insert(key(i));
            for (int j = Math.max(0, i - 99); j <= i; j++) {
                assertThat(f.contains(key(j))).as("key %d after inserting %d", j, i).isTrue();
            }
        }
    }

    @Test
    void entriesAreForgottenWhenTheirGenerationComesRoundAgain() {
        RollingBloomFilter f = new RollingBloomFilter(100, 0.000001, new SplittableRandom(3));
        f.insert(key(0)); // generation 1, with 49 more
        for (int i = 1; i < 150; i++) f.insert(key(i)); // fills generations 1, 2, 3
        assertThat(f.contains(key(0))).isTrue();
        f.insert(key(150)); // generation 1 again: its old entries are wiped
        assertThat(f.contains(key(0))).isFalse();
        int forgotten = 0;
        for (int i = 0; i < 50; i++) if (!f.contains(key(i))) forgotten++;
        assertThat(forgotten).isEqualTo(50);
        for (int i = 50; i <= 150; i++) assertThat(f.contains(key(i))).isTrue();
    }

    @Test
    void falsePositivesStayNearTheRate() {
        RollingBloomFilter f = new RollingBloomFilter(100, 0.01, new SplittableRandom(11));
        for (int i = 0; i < 399; i++) f.insert(key(i)); // fullest point, as Core's rolling_bloom test
        int hits = 0;
        for (int i = 0; i < 10_000; i++) if (f.contains(key(1_000_000 + i))) hits++;
        assertThat(hits).isBetween(20, 250);
    }

    @Test
    void resetForgetsEverything() {
        RollingBloomFilter f = new RollingBloomFilter(100, 0.01, new SplittableRandom(5));
        f.insert(key(1));
        assertThat(f.contains(key(1))).isTrue();
        f.reset();
        assertThat(f.contains(key(1))).isFalse();
    }

    @Test
    void sameTweakGivesSameBehaviour() {
        RollingBloomFilter a = new RollingBloomFilter(100, 0.01, new SplittableRandom(9));
        RollingBloomFilter b = new RollingBloomFilter(100, 0.01, new SplittableRandom(9));
        for (int i = 0; i < 300; i++) {
            a.insert(key(i));
            b.insert(key(i));
        }
        for (int i = 0; i < 2000; i++) assertThat(a.contains(key(i))).isEqualTo(b.contains(key(i)));
    }
}
