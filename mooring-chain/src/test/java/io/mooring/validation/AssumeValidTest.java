package io.mooring.validation;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.wire.Hash256;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Core's -assumevalid conditions, each on its own, on a 5,000-block index with ten-minute spacing. */
class AssumeValidTest {
    private static final long BITS = 0x1d00ffffL;
    private static final ChainParams.PowRules POW = ChainParamsLoader.builtIn("main").consensus().pow();
    private final Map<Hash256, BlockIndex> index = new HashMap<>();
    private final BlockIndex root = Chains.root(0, 1_300_000_000L, BITS);
    private final BlockIndex tip;

    AssumeValidTest() {
        BlockIndex i = root;
        index.put(i.hash(), i);
        for (int k = 0; k < 5000; k++) {
            i = Chains.child(i, i.time() + 600, BITS);
            index.put(i.hash(), i);
        }
        tip = i;
    }

    private Optional<String> reason(BlockIndex block, Hash256 assumeValid, BigInteger minimumWork) {
        return AssumeValid.scriptCheckReason(block, assumeValid, index::get, tip, minimumWork, POW);
    }

    @Test
    void deepAncestorsOfTheAssumedValidBlockSkipScripts() {
        assertThat(reason(tip.getAncestor(100), tip.getAncestor(2500).hash(), BigInteger.ZERO)).isEmpty();
        assertThat(reason(tip.getAncestor(2500), tip.getAncestor(2500).hash(), BigInteger.ZERO)).isEmpty();
    }

    @Test
    void everyOtherCaseChecksScriptsWithCoresReason() {
        Hash256 av = tip.getAncestor(2500).hash();
        assertThat(reason(tip.getAncestor(100), Hash256.ZERO, BigInteger.ZERO))
                .contains("assumevalid=0 (always verify)");
        assertThat(reason(tip.getAncestor(100), Hash256.fromHex("00".repeat(31) + "99"), BigInteger.ZERO))
                .contains("assumevalid hash not in headers");
        assertThat(reason(tip.getAncestor(2600), av, BigInteger.ZERO)).contains("block height above assumevalid height");
        BlockIndex fork = Chains.child(tip.getAncestor(99), tip.getAncestor(99).time() + 1, BITS);
        index.put(fork.hash(), fork);
        assertThat(reason(fork, av, BigInteger.ZERO)).contains("block not in assumevalid chain");
        assertThat(reason(tip.getAncestor(100), av, tip.chainWork().add(BigInteger.ONE)))
                .contains("best header chainwork below minimumchainwork");
        // Twenty blocks of work (12,000 s) below the best header: within two weeks.
        assertThat(reason(tip.getAncestor(4980), tip.getAncestor(4990).hash(), BigInteger.ZERO))
                .contains("block too recent relative to best header");
    }

    @Test
    void aBlockOffTheBestHeaderChainIsChecked() {
        // The assumed-valid block is on a side chain that is not the best header chain.
        BlockIndex side = Chains.extend(tip.getAncestor(1000), 10, 600, BITS);
        index.put(side.hash(), side);
        BlockIndex sideBlock = side.getAncestor(1005);
        assertThat(reason(sideBlock, side.hash(), BigInteger.ZERO)).contains("block not in best header chain");
    }
}
