package io.mooring.chain;

import io.mooring.wire.Hash256;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A {@link BlockIndexStore} in memory for tests: counts writes and can be made to fail. */
public final class InMemoryBlockIndexStore implements BlockIndexStore {
    public final Map<Hash256, BlockIndexRecord> records = new LinkedHashMap<>();
    public Hash256 tip;
    public int writes;
    public int lastWriteSize;
    public boolean failWrites;

    @Override
    public Optional<Hash256> load(Consumer<BlockIndexRecord> sink) {
        records.values().forEach(sink);
        return Optional.ofNullable(tip);
    }

    @Override
    public void write(Collection<BlockIndexRecord> changed, Hash256 activeTip) throws IOException {
        if (failWrites) throw new IOException("disk full");
        for (BlockIndexRecord r : changed) records.put(r.hash(), r);
        tip = activeTip;
        writes++;
        lastWriteSize = changed.size();
    }

    @Override
    public void close() {
    }
}
