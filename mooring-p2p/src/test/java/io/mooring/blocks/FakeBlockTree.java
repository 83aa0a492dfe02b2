package io.mooring.blocks;

import io.mooring.validation.BlockValidationResult;
import io.mooring.headers.FakeHeaderChain;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.Block;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link FakeHeaderChain} with block data: the active chain follows the best header only as far as blocks have
 * arrived, as Core's ActivateBestChain does. Hashes in {@link #mutated} are refused as mutated blocks.
 */
final class FakeBlockTree extends FakeHeaderChain implements BlockTree {
    final Map<Hash256, Block> blocks = new HashMap<>();
    final Set<Hash256> mutated = new HashSet<>();
    int segwitHeight = Integer.MAX_VALUE;

    FakeBlockTree() {
        activeFollowsHeaders = false;
        blocks.put(genesis().hash(), new Block(genesis().header(), List.of()));
    }

    @Override
    public boolean hasData(Known block) {
        return blocks.containsKey(block.hash());
    }

    @Override
    public boolean isFullyValidated(Known block) {
        return blocks.containsKey(block.hash()) && !invalid.contains(block.hash());
    }

    @Override
    public boolean isValidTree(Known block) {
        return !invalid.contains(block.hash());
    }

    @Override
    public Known lastCommonAncestor(Known a, Known b) {
        Known x = a.height() > b.height() ? ancestor(a, b.height()) : a;
        Known y = b.height() > a.height() ? ancestor(b, a.height()) : b;
        while (!x.hash().equals(y.hash())) {
            x = ancestor(x, x.height() - 1);
            y = ancestor(y, y.height() - 1);
        }
        return x;
    }

    @Override
    public boolean segwitActiveAt(int height) {
        return height >= segwitHeight;
    }

    @Override
    public BlockResult processNewBlock(Block block, boolean forceProcessing, long nowSeconds) {
        Hash256 hash = block.hash();
        if (mutated.contains(hash)) {
            return new BlockResult(false, Optional.of(new Rejection(BlockValidationResult.MUTATED, "bad-txnmrklroot")));
        }
        Processed processed = processNewBlockHeaders(List.of(block.header()), nowSeconds);
        if (processed.rejection().isPresent()) return new BlockResult(false, processed.rejection());
        boolean isNew = blocks.put(hash, block) == null;
        // Extend the active chain along the best header while the data is there.
        while (activeTip().height() < best.height()) {
            Known next = ancestor(best, activeTip().height() + 1);
            if (!next.header().prevBlock().equals(activeTip().hash()) || !blocks.containsKey(next.hash())) break;
            active.add(next);
        }
        return new BlockResult(isNew, Optional.empty());
    }

    @Override
    public Optional<Block> readBlock(Known block) {
        return Optional.ofNullable(blocks.get(block.hash()));
    }
}
