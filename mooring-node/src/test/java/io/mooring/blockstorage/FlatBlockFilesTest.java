package io.mooring.blockstorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.blockstorage.BlockStoreException.Reason;
import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.Block;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlatBlockFilesTest {

    @TempDir
    Path dir;

    private final SplittableRandom rnd = new SplittableRandom(42);

    private FlatBlockFiles open(long max, Map<Integer, BlockFileInfo> infos, int last) throws Exception {
        return FlatBlockFiles.open(dir, TestChain.MAGIC, max, infos, last);
    }

    @Test
    void appendedBlocksCarryCoresPrefixAndReadBack() throws Exception {
        Block a = TestChain.block(Hash256.ZERO, 0, 100, rnd);
        Block b = TestChain.block(a.hash(), 1, 5, rnd);
        try (FlatBlockFiles files = open(FlatBlockFiles.MAX_BLOCKFILE_SIZE, Map.of(), 0)) {
            BlockFilePos pa = files.append(a.serialize(), 0);
            BlockFilePos pb = files.append(b.serialize(), 1);
            assertThat(pa).isEqualTo(new BlockFilePos(0, 8));
            assertThat(pb).isEqualTo(new BlockFilePos(0, 8 + a.serialize().length + 8));
            assertThat(Block.read(new WireReader(files.read(pa)))).isEqualTo(a);
            assertThat(Block.read(new WireReader(files.read(pb)))).isEqualTo(b);
            assertThat(files.info(0)).isEqualTo(new BlockFileInfo(2, pb.dataPos() + b.serialize().length, 0, 1,
                    a.header().time(), b.header().time()));
        }
        byte[] raw = Files.readAllBytes(dir.resolve("blk00000.dat"));
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new byte[] {raw[0], raw[1], raw[2], raw[3]}).containsExactly(0xF9, 0xBE, 0xB4, 0xD9);
        assertThat(bb.getInt(4)).isEqualTo(a.serialize().length);
    }

    @Test
    void filesRollOverBeforeReachingTheMaximumSize() throws Exception {
        List<Block> blocks = new ArrayList<>();
        List<BlockFilePos> positions = new ArrayList<>();
        Hash256 prev = Hash256.ZERO;
        try (FlatBlockFiles files = open(1_000, Map.of(), 0)) {
            for (int h = 0; h < 10; h++) {
                Block blk = TestChain.block(prev, h, 300 - 80 - 1 - 60 - 4, rnd);
                blocks.add(blk);
                positions.add(files.append(blk.serialize(), h));
                prev = blk.hash();
            }
            int size = blocks.get(0).serialize().length + 8;
            int perFile = (int) ((1_000 - 1) / size);
            for (int h = 0; h < 10; h++) {
                assertThat(positions.get(h).file()).isEqualTo(h / perFile);
                assertThat(Block.read(new WireReader(files.read(positions.get(h))))).isEqualTo(blocks.get(h));
            }
            assertThat(files.lastFile()).isEqualTo(9 / perFile);
            assertThat(files.info(1)).isEqualTo(new BlockFileInfo(perFile, (long) perFile * size, perFile,
                    2 * perFile - 1, blocks.get(perFile).header().time(), blocks.get(2 * perFile - 1).header().time()));
            for (int f = 0; f <= files.lastFile(); f++) {
                assertThat(Files.size(files.path(f))).isLessThan(1_000).isEqualTo(files.info(f).size());
            }
        }
    }

    @Test
    void aBlockThatCannotFitAnEmptyFileIsRefused() throws Exception {
        try (FlatBlockFiles files = open(200, Map.of(), 0)) {
            byte[] big = TestChain.block(Hash256.ZERO, 0, 150, rnd).serialize();
            assertThatThrownBy(() -> files.append(big, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aTruncatedFileIsReportedNamingThePosition() throws Exception {
        BlockFilePos pos;
        try (FlatBlockFiles files = open(FlatBlockFiles.MAX_BLOCKFILE_SIZE, Map.of(), 0)) {
            pos = files.append(TestChain.block(Hash256.ZERO, 0, 50, rnd).serialize(), 0);
            try (FileChannel ch = FileChannel.open(files.path(0), StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() - 3);
            }
            assertThatThrownBy(() -> files.read(pos)).isInstanceOfSatisfying(BlockStoreException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.BLOCK_TRUNCATED)).hasMessageContaining("nPos=8");
            try (FileChannel ch = FileChannel.open(files.path(0), StandardOpenOption.WRITE)) {
                ch.truncate(4);
            }
            assertThatThrownBy(() -> files.read(pos)).isInstanceOfSatisfying(BlockStoreException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.BLOCK_TRUNCATED));
        }
    }

    @Test
    void anOverwrittenPrefixAMissingFileAndAnAbsurdSizeAreTypedErrors() throws Exception {
        try (FlatBlockFiles files = open(FlatBlockFiles.MAX_BLOCKFILE_SIZE, Map.of(), 0)) {
            BlockFilePos pos = files.append(TestChain.block(Hash256.ZERO, 0, 50, rnd).serialize(), 0);
            assertThatThrownBy(() -> files.read(new BlockFilePos(3, 8))).isInstanceOfSatisfying(
                    BlockStoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BLOCK_FILE_MISSING));
            assertThatThrownBy(() -> files.read(new BlockFilePos(0, 4))).isInstanceOfSatisfying(
                    BlockStoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BLOCK_BAD_SIZE));
            // Pointing into the middle of a block lands on bytes that are not the magic.
            assertThatThrownBy(() -> files.read(new BlockFilePos(0, 40))).isInstanceOfSatisfying(
                    BlockStoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BLOCK_MAGIC_MISMATCH))
                    .hasMessageContaining("versus expected f9beb4d9");
            try (FileChannel ch = FileChannel.open(files.path(0), StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0x7F}), 4);
            }
            assertThatThrownBy(() -> files.read(pos)).isInstanceOfSatisfying(BlockStoreException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.BLOCK_BAD_SIZE));
        }
        try (FlatBlockFiles other = FlatBlockFiles.open(dir, TestChain.OTHER_MAGIC, FlatBlockFiles.MAX_BLOCKFILE_SIZE,
                Map.of(0, new BlockFileInfo(1, Files.size(dir.resolve("blk00000.dat")), 0, 0, 0, 0)), 0)) {
            assertThatThrownBy(() -> other.read(new BlockFilePos(0, 8))).isInstanceOfSatisfying(
                    BlockStoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BLOCK_MAGIC_MISMATCH));
        }
    }

    @Test
    void openingCutsOffAppendsTheIndexNeverRecorded() throws Exception {
        Block a = TestChain.block(Hash256.ZERO, 0, 40, rnd);
        BlockFileInfo recorded;
        BlockFilePos pa;
        try (FlatBlockFiles files = open(1_000, Map.of(), 0)) {
            pa = files.append(a.serialize(), 0);
            recorded = files.info(0);
            // A crash in the middle of the next append: half a block after the recorded end, plus a new file.
            byte[] half = TestChain.block(a.hash(), 1, 40, rnd).serialize();
            files.append(half, 1);
        }
        try (FileChannel ch = FileChannel.open(dir.resolve("blk00000.dat"), StandardOpenOption.WRITE)) {
            ch.truncate(recorded.size() + 37);
        }
        Files.write(dir.resolve("blk00001.dat"), new byte[77]);

        Block b = TestChain.block(a.hash(), 1, 40, rnd);
        try (FlatBlockFiles files = open(1_000, Map.of(0, recorded), 0)) {
            assertThat(Files.size(dir.resolve("blk00000.dat"))).isEqualTo(recorded.size());
            assertThat(Files.size(dir.resolve("blk00001.dat"))).isZero();
            BlockFilePos pb = files.append(b.serialize(), 1);
            assertThat(pb).isEqualTo(new BlockFilePos(0, (int) recorded.size() + 8));
            assertThat(Block.read(new WireReader(files.read(pa)))).isEqualTo(a);
            assertThat(Block.read(new WireReader(files.read(pb)))).isEqualTo(b);
        }
    }

    @Test
    void dirtyInfosAreThoseChangedSinceTheLastWrite() throws Exception {
        try (FlatBlockFiles files = open(1_000, Map.of(), 0)) {
            assertThat(files.dirtyInfos()).isEmpty();
            files.append(TestChain.block(Hash256.ZERO, 0, 10, rnd).serialize(), 0);
            Map<Integer, BlockFileInfo> dirty = files.dirtyInfos();
            assertThat(dirty).containsOnlyKeys(0);
            files.append(TestChain.block(Hash256.ZERO, 1, 10, rnd).serialize(), 1);
            files.markWritten(dirty);
            // The second append changed file 0 after the snapshot: it stays dirty.
            assertThat(files.dirtyInfos()).containsOnlyKeys(0);
            files.markWritten(files.dirtyInfos());
            assertThat(files.dirtyInfos()).isEmpty();
        }
    }
}
