package io.mooring.blockstorage;

import io.mooring.coins.BlockUndo;
import io.mooring.coins.Coin;
import io.mooring.coins.TxUndo;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.TxOut;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UndoFilesTest {
    private static final int REGTEST_MAGIC = 0xfabfb5da;
    @TempDir
    Path dir;

    private static final Hash256 PREV = Hash256.fromHex("00".repeat(31) + "aa");

    private static BlockUndo undo(int n) {
        return new BlockUndo(List.of(new TxUndo(List.of(new Coin(new TxOut(5000L * n, Bytes.fromHex("51")), n, true)))));
    }

    @Test
    void recordsRoundTripInCoresRevLayout() throws Exception {
        UndoFiles files = new UndoFiles(dir, REGTEST_MAGIC);
        BlockFilePos a = files.append(0, PREV, undo(1).serialize());
        BlockFilePos b = files.append(0, PREV, undo(2).serialize());
        files.flush();
        assertThat(a.dataPos()).isEqualTo(8);
        assertThat(BlockUndo.read(new WireReader(files.read(b, PREV)))).isEqualTo(undo(2));
        assertThat(BlockUndo.read(new WireReader(files.read(a, PREV)))).isEqualTo(undo(1));

        // On disk: magic as it travels, size LE, the undo bytes, then SHA256d(prev hash || undo).
        byte[] raw = Files.readAllBytes(dir.resolve("rev00000.dat"));
        byte[] u = undo(1).serialize();
        ByteBuffer head = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Integer.reverseBytes(head.getInt())).isEqualTo(REGTEST_MAGIC);
        assertThat(head.getInt()).isEqualTo(u.length);
        assertThat(Arrays.copyOfRange(raw, 8, 8 + u.length)).isEqualTo(u);
        byte[] pre = new byte[32 + u.length];
        System.arraycopy(PREV.toInternalBytes(), 0, pre, 0, 32);
        System.arraycopy(u, 0, pre, 32, u.length);
        assertThat(Arrays.copyOfRange(raw, 8 + u.length, 8 + u.length + 32))
                .isEqualTo(Hashes.sha256d(pre).toInternalBytes());
    }

    @Test
    void aRecordReadForAnotherBlockOrDamagedFailsItsChecksum() throws Exception {
        UndoFiles files = new UndoFiles(dir, REGTEST_MAGIC);
        BlockFilePos a = files.append(3, PREV, undo(1).serialize());
        files.flush();
        assertThatThrownBy(() -> files.read(a, Hash256.ZERO)).isInstanceOf(BlockStoreException.class)
                .satisfies(e -> assertThat(((BlockStoreException) e).reason())
                        .isEqualTo(BlockStoreException.Reason.CORRUPTED));
        Path p = dir.resolve("rev00003.dat");
        byte[] raw = Files.readAllBytes(p);
        raw[10] ^= 1;
        Files.write(p, raw);
        assertThatThrownBy(() -> files.read(a, PREV)).isInstanceOf(BlockStoreException.class)
                .hasMessageContaining("Checksum mismatch");
        Files.write(p, Arrays.copyOf(raw, raw.length - 5));
        assertThatThrownBy(() -> files.read(a, PREV)).isInstanceOf(BlockStoreException.class)
                .satisfies(e -> assertThat(((BlockStoreException) e).reason())
                        .isEqualTo(BlockStoreException.Reason.BLOCK_TRUNCATED));
        assertThatThrownBy(() -> files.read(new BlockFilePos(9, 8), PREV)).isInstanceOf(BlockStoreException.class)
                .satisfies(e -> assertThat(((BlockStoreException) e).reason())
                        .isEqualTo(BlockStoreException.Reason.BLOCK_FILE_MISSING));
    }
}
