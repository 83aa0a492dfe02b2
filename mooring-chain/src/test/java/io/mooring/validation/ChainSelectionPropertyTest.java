package io.mooring.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.chain.BlockIndex;
import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.wire.primitives.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random block trees delivered in random order: after every activateBestChain the tip has the most work among the
 * blocks whose whole branch is present, and replaying the listener's disconnect/connect calls on a list reproduces
 * the active chain exactly.
 */
class ChainSelectionPropertyTest {
    private static final ChainParams REGTEST = ChainParamsLoader.builtIn("regtest");
    private static final long NOW = REGTEST.genesisHeader().time() + 600 * 1000;

    @Property(tries = 25)
    void tipIsAlwaysTheMostWorkFullyAvailableBlockAndListenersMirrorTheChain(
            @ForAll @IntRange(min = 1, max = 40) int size, @ForAll long seed) {
        Random random = new Random(seed);
        ChainstateManager source = new ChainstateManager(REGTEST);
        List<BlockIndex> nodes = new ArrayList<>(List.of(source.tip()));
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            BlockIndex parent = nodes.get(random.nextInt(nodes.size()));
            Block b = Chains.block(REGTEST, parent, 1 + random.nextInt(600), seed * 100 + i);
            nodes.add(source.acceptBlock(b, 0, 0, NOW).index());
            blocks.add(b);
        }
        List<io.mooring.wire.primitives.BlockHeader> headers = blocks.stream().map(Block::header).toList();
        java.util.Collections.shuffle(blocks, random);

        ChainstateManager m = new ChainstateManager(REGTEST);
        List<BlockIndex> mirror = new ArrayList<>(List.of(m.tip()));
        m.addListener(new ChainListener() {
            @Override
            public void blockDisconnected(BlockIndex b) {
                assertThat(mirror.getLast()).isSameAs(b);
                mirror.removeLast();
            }

            @Override
            public void blockConnected(BlockIndex b) {
                assertThat(b.prev()).isSameAs(mirror.getLast());
                mirror.add(b);
            }

            @Override
            public void updatedBlockTip(BlockIndex tip, BlockIndex fork, boolean ibd) {
                assertThat(mirror.getLast()).isSameAs(tip);
                assertThat(mirror.get(fork.height())).isSameAs(fork);
            }
        });
        // Half the runs announce every header first (blocks then wait for their parents' data); the others send
        // blocks only, so one arriving before its parent is refused for a missing parent.
        boolean headersFirst = random.nextBoolean();
        if (headersFirst) assertThat(m.processNewBlockHeaders(headers, NOW).error()).isEmpty();
        for (Block b : blocks) {
            AcceptResult r = m.processNewBlock(b, 0, 0, NOW);
            if (headersFirst) assertThat(r.error()).isEmpty();
            BlockIndex best = m.tip();
            for (BlockIndex e : m.entries()) {
                if (e.haveNumChainTxs()) assertThat(e.compareWork(best)).isLessThanOrEqualTo(0);
            }
            assertThat(mirror).hasSize(m.activeChain().height() + 1);
            for (int h = 0; h < mirror.size(); h++) assertThat(mirror.get(h)).isSameAs(m.activeChain().get(h));
        }
        if (headersFirst) {
            // Everything arrived: the tip has the most work of the whole tree.
            BlockIndex mostWork = nodes.stream().max(BlockIndex::compareWork).orElseThrow();
            assertThat(m.tip().chainWork()).isEqualTo(mostWork.chainWork());
            assertThat(m.size()).isEqualTo(size + 1);
        }
    }
}
