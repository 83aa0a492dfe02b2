package io.mooring.node;

import io.mooring.chain.BlockIndexRecord;
import io.mooring.chain.BlockIndexStore;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.Block;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Block storage in memory for chain tests: one "file", positions are list indexes. */
final class MemoryBlockStorage implements NodeChain.BlockStorage, BlockIndexStore {
    final List<Block> blocks = new ArrayList<>();
    final Map<Hash256, BlockIndexRecord> records = new HashMap<>();
    Hash256 tip;
    int flushes;

    @Override
    public BlockIndexStore index() {
        return this;
    }

    @Override
    public int[] append(Block block, int height) {
        blocks.add(block);
        return new int[] {0, blocks.size() - 1};
    }

    @Override
    public Optional<Block> read(int file, int dataPos) {
        return file == 0 && dataPos >= 0 && dataPos < blocks.size() ? Optional.of(blocks.get(dataPos)) : Optional.empty();
    }

    @Override
    public void flushFiles() {
        flushes++;
    }

    @Override
    public Optional<Hash256> load(Consumer<BlockIndexRecord> sink) {
        records.values().forEach(sink);
        return Optional.ofNullable(tip);
    }

    @Override
    public void write(Collection<BlockIndexRecord> changed, Hash256 activeTip) {
        for (BlockIndexRecord r : changed) records.put(r.hash(), r);
        tip = activeTip;
    }

    @Override
    public void close() {
    }
}
