package io.mooring.chain;

import io.mooring.wire.Hash256;
import java.io.IOException;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Persistence of the block index, as Core's {@code CBlockTreeDB}: the chain layer hands the entries it changed, the
 * store writes them and the active tip in one atomic batch, so a crash leaves either the old or the new state.
 * Implementations live in the node (the chain layer does no I/O); tests use an in-memory one.
 */
public interface BlockIndexStore extends AutoCloseable {

    /**
     * Streams every stored entry, in no particular order, to {@code sink} and returns the stored active tip (empty
     * when the store is new).
     *
     * @throws IOException when the store cannot be read, or an entry is corrupted (the message says which)
     */
    Optional<Hash256> load(Consumer<BlockIndexRecord> sink) throws IOException;

    /** Atomically writes {@code changed} (inserting or replacing by hash) and the new active tip. */
    void write(Collection<BlockIndexRecord> changed, Hash256 activeTip) throws IOException;

    @Override
    void close() throws IOException;
}
