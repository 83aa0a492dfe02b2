package io.mooring.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams.PowRules;
import io.mooring.chain.ChainParamsLoader;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class DifficultyRulesTest {
    private static final PowRules MAIN = ChainParamsLoader.builtIn("main").consensus().pow();
    private static final PowRules TESTNET3 = ChainParamsLoader.builtIn("test").consensus().pow();
    private static final PowRules TESTNET4 = ChainParamsLoader.builtIn("testnet4").consensus().pow();
    private static final PowRules REGTEST = ChainParamsLoader.builtIn("regtest").consensus().pow();
    private static final long LIMIT = 0x1d00ffffL;

    /**
     * Core's pow_tests cases: no constraint, the PoW-limit cap, and both clamps. Each is run through the full
     * GetNextWorkRequired on an index chain whose period starts at first_time and ends at last_time with last_bits.
     */
    @Test
    void retargetMatchesEveryCoreCase() throws Exception {
        JsonNode cases = new ObjectMapper().readTree(Chains.vector("pow", "retarget_cases.json")).get("cases");
        assertThat(cases).hasSize(4);
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            long firstTime = c.get("first_time").asLong();
            int lastHeight = c.get("last_height").asInt();
            long lastTime = c.get("last_time").asLong();
            long lastBits = Long.parseLong(c.get("last_bits").asText(), 16);
            long expected = Long.parseLong(c.get("expected_bits").asText(), 16);
            assertThat(DifficultyRules.retarget(lastBits, lastTime - firstTime, MAIN)).as(name).isEqualTo(expected);

            BlockIndex first = Chains.root(lastHeight - 2015, firstTime, lastBits);
            BlockIndex beforeLast = Chains.extend(first, 2014, 1, lastBits);
            BlockIndex last = Chains.child(beforeLast, lastTime, lastBits);
            assertThat(last.height()).isEqualTo(lastHeight);
            assertThat((last.height() + 1) % 2016).isZero();
            assertThat(DifficultyRules.nextWorkRequired(last, lastTime + 600, MAIN)).as(name).isEqualTo(expected);
            assertThat(DifficultyRules.calculateNextWorkRequired(last, firstTime, MAIN)).as(name).isEqualTo(expected);
        }
    }

    @Test
    void betweenRetargetsMainnetKeepsTheBits() {
        BlockIndex last = Chains.extend(Chains.root(4032, 1_300_000_000L, 0x1c05a3f4L), 10, 600, 0x1c05a3f4L);
        assertThat(DifficultyRules.nextWorkRequired(last, last.time() + 100_000, MAIN)).isEqualTo(0x1c05a3f4L);
    }

    /**
     * Testnet's 20-minute rule: more than 2 x 600 s after its parent a block may use the PoW limit; otherwise it carries
     * the bits of the last block that did not use the exception, walking back no further than the period's first block.
     */
    @Test
    void testnetMinDifficultyRuleWalksBackToTheLastRealDifficulty() {
        long real = 0x1c0fffffL;
        BlockIndex start = Chains.root(2016 * 5, 1_400_000_000L, real);
        BlockIndex a = Chains.extend(start, 3, 600, real);
        BlockIndex m1 = Chains.child(a, a.time() + 1201, LIMIT);
        BlockIndex m2 = Chains.child(m1, m1.time() + 1300, LIMIT);
        assertThat(DifficultyRules.nextWorkRequired(a, a.time() + 1201, TESTNET3)).isEqualTo(LIMIT);
        assertThat(DifficultyRules.nextWorkRequired(a, a.time() + 1200, TESTNET3)).isEqualTo(real);
        assertThat(DifficultyRules.nextWorkRequired(m2, m2.time() + 600, TESTNET3)).isEqualTo(real);
        assertThat(DifficultyRules.nextWorkRequired(m2, m2.time() + 1201, TESTNET3)).isEqualTo(LIMIT);
        // Mainnet has no such rule.
        assertThat(DifficultyRules.nextWorkRequired(a, a.time() + 100_000, MAIN)).isEqualTo(real);
        // The walk stops at the period's first block even when that one has the limit bits.
        BlockIndex periodStart = Chains.root(2016 * 7, 1_400_000_000L, LIMIT);
        BlockIndex m3 = Chains.extend(periodStart, 4, 1300, LIMIT);
        assertThat(DifficultyRules.nextWorkRequired(m3, m3.time() + 60, TESTNET3)).isEqualTo(LIMIT);
    }

    /**
     * BIP94 (testnet4): the retarget scales the bits of the period's first block, not of its last block, which may be a
     * min-difficulty block. Testnet3 rules on the same chain scale the last block's limit bits (and cap at the limit).
     */
    @Test
    void bip94RetargetsFromThePeriodsFirstBlock() {
        long real = 0x1c0fffffL;
        BlockIndex first = Chains.root(2016 * 3, 1_700_000_000L, real);
        BlockIndex almost = Chains.extend(first, 2014, 600, real);
        BlockIndex last = Chains.child(almost, almost.time() + 1300, LIMIT); // a min-difficulty last block
        long timespan = last.time() - first.time();
        long bip94 = DifficultyRules.nextWorkRequired(last, last.time() + 600, TESTNET4);
        assertThat(bip94).isEqualTo(DifficultyRules.retarget(real, timespan, TESTNET4));
        assertThat(bip94).isNotEqualTo(LIMIT);
        assertThat(DifficultyRules.nextWorkRequired(last, last.time() + 600, TESTNET3))
                .isEqualTo(DifficultyRules.retarget(LIMIT, timespan, TESTNET3)).isEqualTo(LIMIT);
    }

    @Test
    void regtestNeverRetargets() {
        BlockIndex first = Chains.root(0, 1_296_688_602L, 0x207fffffL);
        BlockIndex last = Chains.extend(first, 143, 1, 0x207fffffL); // height 143: the next is a retarget height
        assertThat((last.height() + 1) % REGTEST.difficultyAdjustmentInterval()).isZero();
        assertThat(DifficultyRules.nextWorkRequired(last, last.time() + 1, REGTEST)).isEqualTo(0x207fffffL);
    }

    @Test
    void retargetProductWrapsAt256BitsAsCoresArithmetic() {
        // A custom chain whose limit lets target * timespan overflow: Core's arith_uint256 wraps, so must we.
        PowRules wide = new PowRules(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE), 600, 1_209_600, false,
                false, false);
        long bits = 0x207fffffL; // ~2^255
        long wrapped = DifficultyRules.retarget(bits, 1_209_600 * 4L, wide);
        BigInteger expected = io.mooring.chain.Pow.compactToTarget(bits).multiply(BigInteger.valueOf(4_838_400))
                .mod(io.mooring.chain.Pow.TWO_256).divide(BigInteger.valueOf(1_209_600));
        assertThat(wrapped).isEqualTo(io.mooring.chain.Pow.targetToCompact(expected));
    }

    @Test
    void permittedTransitionsFollowCoresBounds() {
        long old = 0x1c05a3f4L;
        // Off a retarget height the bits may not change on mainnet.
        assertThat(DifficultyRules.permittedDifficultyTransition(MAIN, 68_545, old, old)).isTrue();
        assertThat(DifficultyRules.permittedDifficultyTransition(MAIN, 68_545, old, 0x1c05a3f5L)).isFalse();
        // At a retarget height: anything within [x/4, x*4] after compact rounding.
        long quarter = DifficultyRules.retarget(old, 1, MAIN);
        long fourTimes = DifficultyRules.retarget(old, Long.MAX_VALUE / 8, MAIN);
        assertThat(quarter).isEqualTo(0x1c0168fdL); // Core's lower-limit case
        assertThat(DifficultyRules.permittedDifficultyTransition(MAIN, 68_544, old, quarter)).isTrue();
        assertThat(DifficultyRules.permittedDifficultyTransition(MAIN, 68_544, old, fourTimes)).isTrue();
        assertThat(DifficultyRules.permittedDifficultyTransition(MAIN, 68_544, old, quarter - 1)).isFalse();
        assertThat(DifficultyRules.permittedDifficultyTransition(MAIN, 68_544, old, fourTimes + 1)).isFalse();
        assertThat(DifficultyRules.permittedDifficultyTransition(MAIN, 68_544, LIMIT, LIMIT)).isTrue();
        // Testnet allows anything (min-difficulty blocks).
        assertThat(DifficultyRules.permittedDifficultyTransition(TESTNET3, 5, old, LIMIT)).isTrue();
    }

    /**
     * bitcoinj's mainnet checkpoints are the first blocks of consecutive periods; within a mainnet period the bits do
     * not change, so checkpoint k's bits are those of the block before checkpoint k+1. Every real transition is
     * permitted; one compact step beyond either clamp is not.
     */
    @Test
    void everyRealMainnetRetargetIsAPermittedTransition() throws Exception {
        String[] lines = new String(Chains.vector("headers", "bitcoinj-org.bitcoin.production.checkpoints.txt"),
                java.nio.charset.StandardCharsets.US_ASCII).split("\n");
        int n = Integer.parseInt(lines[2].strip());
        long[] bits = new long[n];
        int[] heights = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] b = java.util.Base64.getDecoder().decode(lines[3 + i].strip());
            heights[i] = ((b[12] & 0xff) << 24) | ((b[13] & 0xff) << 16) | ((b[14] & 0xff) << 8) | (b[15] & 0xff);
            bits[i] = (b[16 + 72] & 0xffL) | (b[16 + 73] & 0xffL) << 8 | (b[16 + 74] & 0xffL) << 16
                    | (b[16 + 75] & 0xffL) << 24;
        }
        int changed = 0;
        for (int k = 0; k + 1 < n; k++) {
            assertThat(DifficultyRules.permittedDifficultyTransition(MAIN, heights[k + 1], bits[k], bits[k + 1]))
                    .as("height %d", heights[k + 1]).isTrue();
            if (bits[k] != bits[k + 1]) changed++;
            // Off the retarget height the same change is refused.
            if (bits[k] != bits[k + 1]) {
                assertThat(DifficultyRules.permittedDifficultyTransition(MAIN, heights[k + 1] + 1, bits[k], bits[k + 1]))
                        .isFalse();
            }
            long tooHard = DifficultyRules.retarget(bits[k], 0, MAIN) - 1;
            assertThat(DifficultyRules.permittedDifficultyTransition(MAIN, heights[k + 1], bits[k], tooHard)).isFalse();
        }
        assertThat(changed).isGreaterThan(400);
    }
}
