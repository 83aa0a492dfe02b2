package io.mooring.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FastRandomContextTest {
    @Test
    void theStreamIsChaCha20sKeystream() {
        // RFC 8439 appendix A.1, test vector #1: all-zero key and nonce, block counter 0.
        byte[] first = new byte[64];
        FastRandomContext.deterministic(0).nextBytes(first);
        assertThat(HexFormat.of().formatHex(first)).isEqualTo(
                "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
                        + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
        assertThat(FastRandomContext.deterministic(0).nextLong()).isEqualTo(0x903df1a0ade0b876L);
    }

    @Test
    void sameKeySameSequenceAndStrongContextsDiffer() {
        FastRandomContext a = FastRandomContext.deterministic(42);
        FastRandomContext b = FastRandomContext.deterministic(42);
        for (int i = 0; i < 2000; i++) {
            assertThat(a.nextInt(1000)).isEqualTo(b.nextInt(1000));
        }
        assertThat(new FastRandomContext().nextLong()).isNotEqualTo(new FastRandomContext().nextLong());
    }

    @Test
    void rekeyingFromTheStreamKeepsProducingFreshOutput() {
        byte[] key = new byte[32];
        FastRandomContext rekeying = new FastRandomContext(key.clone(), 2);
        FastRandomContext plain = new FastRandomContext(key.clone(), Long.MAX_VALUE);
        long[] r = IntStream.range(0, 4096 / 8 * 3).mapToLong(i -> rekeying.nextLong()).toArray();
        long[] p = IntStream.range(0, 4096 / 8 * 3).mapToLong(i -> plain.nextLong()).toArray();
        // The first two buffers are the same keystream; the third comes from the new key.
        assertThat(r[0]).isEqualTo(p[0]);
        assertThat(r[1023]).isEqualTo(p[1023]);
        assertThat(r[1024]).isNotEqualTo(p[1024]);
        assertThat(java.util.Arrays.stream(r, 1024, 1536).distinct().count()).isEqualTo(512);
    }

    @Test
    void boundedDrawsStayInRangeAndCoverIt() {
        FastRandomContext rng = FastRandomContext.deterministic(7);
        int[] counts = new int[10];
        for (int i = 0; i < 100_000; i++) counts[rng.nextInt(10)]++;
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(9_000, 11_000));
        assertThatThrownBy(() -> new FastRandomContext(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
