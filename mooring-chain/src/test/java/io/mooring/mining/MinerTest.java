package io.mooring.mining;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.chain.ChainParamsLoader;
import io.mooring.chain.Pow;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class MinerTest {
    private static final BigInteger REGTEST_LIMIT = ChainParamsLoader.builtIn("regtest").powLimit();
    private static final BigInteger MAIN_LIMIT = ChainParamsLoader.builtIn("main").powLimit();
    private static final Hash256 PREV = Hash256.fromHex("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");

    private static BlockHeader header(long bits, long nonce) {
        return new BlockHeader(0x20000000, PREV, Hash256.ZERO, 1_700_000_000L, bits, nonce);
    }

    @Test
    void grindingStopsAtTheFirstNonceThatMeetsTheBitsAndCountsTries() {
        Miner.Result r = Miner.grind(header(0x207fffffL, 0), 1000, REGTEST_LIMIT);
        assertThat(r).isInstanceOf(Miner.Result.Found.class);
        Miner.Result.Found f = (Miner.Result.Found) r;
        assertThat(Pow.checkProofOfWork(f.header().hash(), 0x207fffffL, REGTEST_LIMIT)).isTrue();
        for (long n = 0; n < f.header().nonce(); n++) {
            assertThat(Pow.checkProofOfWork(header(0x207fffffL, n).hash(), 0x207fffffL, REGTEST_LIMIT)).isFalse();
        }
        assertThat(f.triesLeft()).isEqualTo(1000 - f.header().nonce());
        assertThat(f.header()).isEqualTo(header(0x207fffffL, f.header().nonce()));
    }

    @Test
    void noTriesLeftMeansNoBlockAsCoresMaxtries() {
        assertThat(Miner.grind(header(0x207fffffL, 0), 0, REGTEST_LIMIT)).isInstanceOf(Miner.Result.OutOfTries.class);
        // Mainnet's easiest target: 100 tries on this header find nothing.
        assertThat(Miner.grind(header(0x1d00ffffL, 0), 100, MAIN_LIMIT)).isInstanceOf(Miner.Result.OutOfTries.class);
    }

    @Test
    void theLastNonceEndsTheGrindWithTheTriesLeftForANewBlock() {
        Miner.Result r = Miner.grind(header(0x1d00ffffL, 0xffffffffL - 3), 1000, MAIN_LIMIT);
        assertThat(r).isEqualTo(new Miner.Result.NonceSpaceExhausted(997));
    }
}
