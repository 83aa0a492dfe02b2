package io.mooring.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParams.PowRules;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.chain.Pow;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * The testnet min-difficulty rule and BIP94 end to end through {@link ChainstateManager}, on headers mined at tiny
 * difficulty: a custom chain with a 2^250 PoW limit, one-second spacing and eight-block periods (so the "20-minute"
 * rule of 2 x spacing is two seconds) and the testnet (and testnet4) flags. The limit is kept below 2^256 / (4 x
 * timespan) so the retarget product does not wrap (Core's arith_uint256 would wrap as our arithmetic does).
 */
class MinedRulesTest {
    private static final ChainParams REGTEST = ChainParamsLoader.builtIn("regtest");
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(250).subtract(BigInteger.ONE);
    private static final long LIMIT_BITS = Pow.targetToCompact(LIMIT);

    private static ChainParams params(boolean bip94) {
        PowRules pow = new PowRules(LIMIT, 1, 8, true, false, bip94);
        ChainParams base = Chains.with(REGTEST, pow, REGTEST.consensus().deployments());
        io.mooring.wire.primitives.Transaction cb = Chains.coinbase(0, 1);
        BlockHeader g = Chains.mine(1, Hash256.ZERO, cb.txid(), REGTEST.genesisHeader().time(), LIMIT_BITS);
        byte[] block = new io.mooring.wire.primitives.Block(g, java.util.List.of(cb)).serialize();
        return new ChainParams("minedrules", "minedrules", base.magic(), base.defaultPort(),
                ChainParams.Genesis.of(io.mooring.wire.Bytes.wrap(block)), base.consensus(), base.headersPresync(),
                base.addressEncoding(), base.dnsSeeds(), base.fixedSeeds(), base.signetChallenge());
    }

    private static AcceptResult add(ChainstateManager m, BlockIndex prev, long time, long bits) {
        BlockHeader h = Chains.mine(4, prev.hash(), new Hash256(time, bits, prev.height(), 0), time, bits);
        return m.acceptBlockHeader(h, time + 60);
    }

    private static BlockIndex addOk(ChainstateManager m, BlockIndex prev, long time, long bits) {
        AcceptResult r = add(m, prev, time, bits);
        assertThat(r.error()).as("height %d", prev.height() + 1).isEmpty();
        return r.index();
    }

    /** Blocks 1..7 one second apart, then the retarget at 8: seven seconds for eight, so 7/8 of the target. */
    private static BlockIndex firstPeriod(ChainstateManager m) {
        BlockIndex i = m.tip();
        for (int h = 1; h <= 7; h++) i = addOk(m, i, i.time() + 1, LIMIT_BITS);
        long retarget = DifficultyRules.retarget(LIMIT_BITS, 7, m.params().consensus().pow());
        assertThat(retarget).isEqualTo(Pow.targetToCompact(Pow.compactToTarget(LIMIT_BITS).multiply(BigInteger.valueOf(7))
                .divide(BigInteger.valueOf(8))));
        assertThat(add(m, i, i.time() + 1, LIMIT_BITS).error().orElseThrow().reason()).isEqualTo("bad-diffbits");
        return addOk(m, i, i.time() + 1, retarget);
    }

    @Test
    void minDifficultyRuleThroughTheManager() {
        ChainstateManager m = new ChainstateManager(params(false));
        BlockIndex b8 = firstPeriod(m);
        long real = b8.bits();
        assertThat(real).isNotEqualTo(LIMIT_BITS);
        // More than 2 x spacing after its parent a block may use the limit; at exactly 2 x spacing it may not.
        assertThat(add(m, b8, b8.time() + 2, LIMIT_BITS).error().orElseThrow().reason()).isEqualTo("bad-diffbits");
        BlockIndex b9 = addOk(m, b8, b8.time() + 3, LIMIT_BITS);
        // After a min-difficulty block the real difficulty comes back (the walk skips b9).
        assertThat(add(m, b9, b9.time() + 1, LIMIT_BITS).error().orElseThrow().reason()).isEqualTo("bad-diffbits");
        BlockIndex b10 = addOk(m, b9, b9.time() + 1, real);
        assertThat(b10.bits()).isEqualTo(real);
        assertThat(m.bestHeader()).isSameAs(b10);
    }

    @Test
    void bip94RetargetsFromThePeriodsFirstBlock() {
        for (boolean bip94 : new boolean[] {false, true}) {
            ChainstateManager m = new ChainstateManager(params(bip94));
            BlockIndex b8 = firstPeriod(m);
            BlockIndex i = b8;
            for (int h = 9; h <= 14; h++) i = addOk(m, i, i.time() + 1, b8.bits());
            BlockIndex b15 = addOk(m, i, i.time() + 3, LIMIT_BITS); // the period ends on a min-difficulty block
            PowRules pow = m.params().consensus().pow();
            long fromFirst = DifficultyRules.retarget(b8.bits(), b15.time() - b8.time(), pow);
            long fromLast = DifficultyRules.retarget(LIMIT_BITS, b15.time() - b8.time(), pow);
            assertThat(fromFirst).isNotEqualTo(fromLast);
            assertThat(fromLast).isEqualTo(LIMIT_BITS); // scaled up from the limit, then capped at it
            long expected = bip94 ? fromFirst : fromLast;
            long other = bip94 ? fromLast : fromFirst;
            assertThat(add(m, b15, b15.time() + 1, other).error().orElseThrow().reason()).isEqualTo("bad-diffbits");
            assertThat(addOk(m, b15, b15.time() + 1, expected).bits()).isEqualTo(expected);
        }
    }

    @Test
    void bip94ForbidsAPeriodsFirstBlockMoreThan600SecondsBeforeItsParent() {
        for (boolean bip94 : new boolean[] {false, true}) {
            ChainstateManager m = new ChainstateManager(params(bip94));
            BlockIndex i = firstPeriod(m);
            for (int h = 9; h <= 14; h++) i = addOk(m, i, i.time() + 1, i.bits());
            BlockIndex b15 = addOk(m, i, i.time() + 1000, LIMIT_BITS);
            long t16 = b15.time() - 601;
            assertThat(t16).isGreaterThan(b15.medianTimePast()); // not merely "time-too-old"
            PowRules pow = m.params().consensus().pow();
            AcceptResult r = add(m, b15, t16, DifficultyRules.nextWorkRequired(b15, t16, pow));
            if (bip94) {
                assertThat(r.error().orElseThrow().reason()).isEqualTo("time-timewarp-attack");
                assertThat(r.error().orElseThrow().result()).isEqualTo(BlockValidationResult.INVALID_HEADER);
                addOk(m, b15, t16 + 1, DifficultyRules.nextWorkRequired(b15, t16 + 1, pow));
            } else {
                assertThat(r.error()).isEmpty();
            }
        }
    }
}
