package io.mooring.blockstorage;

import io.mooring.chain.BlockIndexRecord;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.Block;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The process {@link ChainStoreCrashTest} kills with SIGKILL: it opens the store, continues the chain from the stored
 * tip, and loops appending a few blocks (plus some header-only entries) and writing their index batch, forever.
 * Arguments: datadir, max block file size, seed. Prints "ready" once the store is open.
 */
public final class ChainStoreCrashChild {
    private ChainStoreCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path datadir = Path.of(args[0]);
        long maxFileSize = Long.parseLong(args[1]);
        SplittableRandom rnd = new SplittableRandom(Long.parseLong(args[2]));
        ChainStore store = ChainStore.open(datadir, TestChain.MAGIC, maxFileSize);
        Map<Hash256, Integer> heights = new HashMap<>();
        Hash256[] tip = {null};
        tip[0] = store.load(r -> heights.put(r.hash(), r.height())).orElse(null);
        Hash256 prev = tip[0] == null ? Hash256.ZERO : tip[0];
        int height = tip[0] == null ? 0 : heights.get(tip[0]) + 1;
        System.out.println("ready");
        System.out.flush();
        while (true) {
            int n = 1 + rnd.nextInt(4);
            List<BlockIndexRecord> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Block b = TestChain.block(prev, height, rnd.nextInt(2_000), rnd);
                BlockFilePos pos = store.appendBlock(b.serialize(), height);
                batch.add(TestChain.dataRecord(b, height, pos));
                // A header-only sibling, as headers arrive ahead of blocks.
                Block side = TestChain.block(prev, height, 1, rnd);
                batch.add(TestChain.headerRecord(side.header(), height));
                prev = b.hash();
                height++;
            }
            store.write(batch, prev);
        }
    }
}
