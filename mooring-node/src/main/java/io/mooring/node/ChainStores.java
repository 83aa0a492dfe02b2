package io.mooring.node;

import io.mooring.blockstorage.BlockFilePos;
import io.mooring.blockstorage.ChainStore;
import io.mooring.chain.BlockIndexStore;
import io.mooring.chain.ChainParams;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's chain store ({@link ChainStore}: RocksDB block index + blk?????.dat files) as NodeChain's storage. */
final class ChainStores {
    private static final Logger LOG = LoggerFactory.getLogger(ChainStores.class);

    private ChainStores() {
    }

    /** Opens the store under {@code chainDir}/blocks. */
    static NodeChain.BlockStorage open(Path chainDir, ChainParams params) throws IOException {
        ChainStore store = ChainStore.open(chainDir, params);
        return new NodeChain.BlockStorage() {
            @Override
            public BlockIndexStore index() {
                // ChainStore's write fsyncs the block files before the index batch that points into them.
                return store;
            }

            @Override
            public int[] append(Block block, int height) throws IOException {
                BlockFilePos pos = store.appendBlock(block.serialize(), height);
                return new int[] {pos.file(), pos.dataPos()};
            }

            @Override
            public Optional<Block> read(int file, int dataPos) {
                try {
                    byte[] bytes = store.readBlock(new BlockFilePos(file, dataPos));
                    return Optional.of(Block.read(new WireReader(bytes)));
                } catch (IOException | ProtocolException | RuntimeException e) {
                    LOG.error("ReadBlockFromDisk: failed to read block at file {} pos {}: {}", file, dataPos,
                            e.getMessage());
                    return Optional.empty();
                }
            }

            @Override
            public void flushFiles() throws IOException {
                store.blockFiles().flush();
            }

            @Override
            public void close() throws IOException {
                store.close();
            }
        };
    }

    /** Renames a damaged store aside (never deletes it), so the node can start from genesis. */
    static void setAside(Path chainDir, Clock clock) {
        Path blocks = ChainStore.blocksDir(chainDir);
        if (!Files.exists(blocks)) return;
        try {
            Path aside = ChainStore.setAside(blocks, clock);
            LOG.warn("The damaged chain store was moved to {}", aside);
        } catch (IOException e) {
            throw new UncheckedIOException("could not set the damaged chain store aside", e);
        }
    }

    /** Bytes under the blocks directory (getblockchaininfo's size_on_disk). */
    static long sizeOnDisk(Path chainDir) {
        Path blocks = ChainStore.blocksDir(chainDir);
        if (!Files.isDirectory(blocks)) return 0;
        try (Stream<Path> files = Files.walk(blocks)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
