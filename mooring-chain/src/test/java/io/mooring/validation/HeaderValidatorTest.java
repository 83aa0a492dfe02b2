package io.mooring.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParams.Consensus;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.BlockHeader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeaderValidatorTest {
    private static final ChainParams MAIN = ChainParamsLoader.builtIn("main");
    private static final ChainParams TESTNET4 = ChainParamsLoader.builtIn("testnet4");
    private static final long NOW = 1_800_000_000L;

    private static BlockHeader next(BlockIndex prev, int version, long time, long bits) {
        return new BlockHeader(version, prev.hash(), new Hash256(1, 2, 3, 4), time, bits, 0);
    }

    private static Optional<ValidationError> check(BlockHeader h, BlockIndex prev, Consensus c, long now) {
        return HeaderValidator.contextualCheckBlockHeader(h, prev, c, now);
    }

    @Test
    void realMainnetGenesisPassesTheProofOfWorkCheckAndATamperedOneFailsWithHighHash() {
        BlockHeader g = MAIN.genesisHeader();
        assertThat(HeaderValidator.checkBlockHeader(g, MAIN.consensus().pow())).isEmpty();
        BlockHeader tampered = new BlockHeader(g.version(), g.prevBlock(), g.merkleRoot(), g.time(), g.bits(),
                g.nonce() + 1);
        ValidationError e = HeaderValidator.checkBlockHeader(tampered, MAIN.consensus().pow()).orElseThrow();
        assertThat(e.result()).isEqualTo(BlockValidationResult.INVALID_HEADER);
        assertThat(e.reason()).isEqualTo("high-hash");
        // Bits easier than the PoW limit fail even when the hash meets them.
        assertThat(HeaderValidator.checkBlockHeader(g.hash(), 0x1d01ffffL, MAIN.consensus().pow())).isPresent();
    }

    @Test
    void contextualReasonsInCoresOrder() {
        long bits = 0x1c05a3f4L;
        BlockIndex prev = Chains.extend(Chains.root(400_000, 1_500_000_000L, bits), 20, 600, bits);
        Consensus c = MAIN.consensus();
        long t = prev.time() + 600;
        assertThat(check(next(prev, 4, t, bits), prev, c, NOW)).isEmpty();
        assertThat(check(next(prev, 4, t, bits + 1), prev, c, NOW).orElseThrow().reason()).isEqualTo("bad-diffbits");
        // time-too-old: not after the median of the last eleven (prev.time - 5 x 600).
        long mtp = prev.medianTimePast();
        assertThat(mtp).isEqualTo(prev.time() - 3000);
        assertThat(check(next(prev, 4, mtp, bits), prev, c, NOW).orElseThrow().reason()).isEqualTo("time-too-old");
        assertThat(check(next(prev, 4, mtp + 1, bits), prev, c, NOW)).isEmpty();
        // time-too-new: more than two hours after now.
        ValidationError future = check(next(prev, 4, t, bits), prev, c, t - 7201).orElseThrow();
        assertThat(future.result()).isEqualTo(BlockValidationResult.TIME_FUTURE);
        assertThat(future.reason()).isEqualTo("time-too-new");
        assertThat(check(next(prev, 4, t, bits), prev, c, t - 7200)).isEmpty();
        // bad-version at mainnet heights after BIP34/66/65.
        ValidationError v3 = check(next(prev, 3, t, bits), prev, c, NOW).orElseThrow();
        assertThat(v3.reason()).isEqualTo("bad-version(0x00000003)");
        assertThat(v3.result()).isEqualTo(BlockValidationResult.INVALID_HEADER);
        assertThat(v3.debugMessage()).isEqualTo("rejected nVersion=0x00000003 block");
        assertThat(check(next(prev, -1, t, bits), prev, c, NOW).orElseThrow().reason())
                .isEqualTo("bad-version(0xffffffff)");
        assertThat(check(next(prev, 0x20000000, t, bits), prev, c, NOW)).isEmpty();
    }

    @Test
    void versionFloorsRiseAtEachBuriedDeploymentHeight() {
        ChainParams p = Chains.with(MAIN, MAIN.consensus().pow(), Chains.deployments(100, 300, 200, 1000, 1000));
        long bits = 0x1d00ffffL;
        BlockIndex at98 = Chains.extend(Chains.root(0, 1_300_000_000L, bits), 98, 600, bits);
        BlockIndex at99 = Chains.child(at98, at98.time() + 600, bits);
        BlockIndex at199 = Chains.extend(at99, 100, 600, bits);
        BlockIndex at299 = Chains.extend(at199, 100, 600, bits);
        Consensus c = p.consensus();
        assertThat(check(next(at98, 1, at98.time() + 600, bits), at98, c, NOW)).isEmpty(); // height 99
        assertThat(check(next(at99, 1, at99.time() + 600, bits), at99, c, NOW).orElseThrow().reason())
                .isEqualTo("bad-version(0x00000001)"); // height 100: BIP34
        assertThat(check(next(at99, 2, at99.time() + 600, bits), at99, c, NOW)).isEmpty();
        assertThat(check(next(at199, 2, at199.time() + 600, bits), at199, c, NOW).orElseThrow().reason())
                .isEqualTo("bad-version(0x00000002)"); // height 200: BIP66
        assertThat(check(next(at299, 3, at299.time() + 600, bits), at299, c, NOW).orElseThrow().reason())
                .isEqualTo("bad-version(0x00000003)"); // height 300: BIP65
    }

    /** BIP94: a period's first block may be at most 600 s before its parent (testnet4 only). */
    @Test
    void timewarpRuleOnTestnet4RetargetBlocks() {
        long bits = 0x1d00ffffL;
        BlockIndex first = Chains.root(2016 * 10, 1_720_000_000L, bits);
        BlockIndex prev = Chains.extend(first, 2015, 600, bits); // height 2016*11 - 1
        long nextBits = DifficultyRules.nextWorkRequired(prev, prev.time(), TESTNET4.consensus().pow());
        Consensus c = TESTNET4.consensus();
        ValidationError e = check(next(prev, 4, prev.time() - 601, nextBits), prev, c, NOW).orElseThrow();
        assertThat(e.reason()).isEqualTo("time-timewarp-attack");
        assertThat(e.result()).isEqualTo(BlockValidationResult.INVALID_HEADER);
        assertThat(check(next(prev, 4, prev.time() - 600, nextBits), prev, c, NOW)).isEmpty();
        // Not a retarget height: the same step back is fine (only MTP applies).
        BlockIndex mid = Chains.extend(first, 1000, 600, bits);
        long midBits = DifficultyRules.nextWorkRequired(mid, mid.time() - 601, TESTNET4.consensus().pow());
        assertThat(check(next(mid, 4, mid.time() - 601, midBits), mid, c, NOW)).isEmpty();
        // Testnet3 has no BIP94.
        ChainParams t3 = ChainParamsLoader.builtIn("test");
        long t3Bits = DifficultyRules.nextWorkRequired(prev, prev.time() - 601, t3.consensus().pow());
        assertThat(check(next(prev, 4, prev.time() - 601, t3Bits), prev, t3.consensus(), NOW)).isEmpty();
    }
}
