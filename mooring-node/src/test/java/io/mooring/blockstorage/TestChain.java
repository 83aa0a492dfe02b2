package io.mooring.blockstorage;

import io.mooring.chain.BlockIndexRecord;
import io.mooring.chain.BlockStatus;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/** Synthetic chains for the store tests: real, parseable blocks (one coinbase-shaped transaction) chained by prev hash. */
final class TestChain {
    static final int MAGIC = 0xF9BEB4D9;
    static final int OTHER_MAGIC = 0x0B110907;

    private TestChain() {
    }

    /** A block on {@code prev} whose coinbase carries the height and {@code extra} random bytes. */
    static Block block(Hash256 prev, int height, int extra, RandomGenerator rnd) {
        byte[] script = new byte[4 + extra];
        script[0] = (byte) height;
        script[1] = (byte) (height >>> 8);
        script[2] = (byte) (height >>> 16);
        script[3] = (byte) (height >>> 24);
        for (int i = 4; i < script.length; i++) script[i] = (byte) rnd.nextInt();
        Transaction coinbase = new Transaction(1,
                List.of(new TxIn(new OutPoint(Hash256.ZERO, 0xFFFFFFFFL), Bytes.wrap(script), 0xFFFFFFFFL, List.of())),
                List.of(new TxOut(50_0000_0000L, Bytes.wrap(new byte[] {0x51}))), 0);
        BlockHeader header = new BlockHeader(0x20000000, prev, coinbase.txid(), 1_700_000_000L + 600L * height,
                0x207FFFFFL, rnd.nextLong() & 0xFFFFFFFFL);
        return new Block(header, List.of(coinbase));
    }

    /** A header-only entry (no data), as the chain layer stores headers it has not downloaded. */
    static BlockIndexRecord headerRecord(BlockHeader header, int height) {
        return new BlockIndexRecord(header.hash(), header, height, BlockStatus.VALID_TREE, 0, -1, -1);
    }

    /** An entry for a block stored at {@code pos}. */
    static BlockIndexRecord dataRecord(Block block, int height, BlockFilePos pos) {
        return new BlockIndexRecord(block.hash(), block.header(), height,
                BlockStatus.VALID_TRANSACTIONS | BlockStatus.HAVE_DATA, block.transactions().size(), pos.file(),
                pos.dataPos());
    }

    static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
