package io.mooring.blockstorage;

import io.mooring.blockstorage.BlockStoreException.Reason;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Undo data in Core's {@code blocks/rev?????.dat} files ({@code BlockManager::WriteBlockUndo}/{@code ReadBlockUndo}):
 * a block's undo record goes to the rev file with the number of the blk file holding the block, as network magic,
 * size (uint32 little-endian), the serialized {@code CBlockUndo}, then a 32-byte checksum, the double SHA-256 of the
 * parent block's hash followed by the undo bytes, so a record read for the wrong block or damaged on disk is caught.
 * Appends are not fsynced until {@link #flush}, which the caller runs before recording the positions in the index.
 */
public final class UndoFiles {
    private final Path dir;
    private final int magic;
    private final TreeSet<Integer> unsynced = new TreeSet<>();

    public UndoFiles(Path blocksDir, int magic) {
        this.dir = blocksDir;
        this.magic = magic;
    }

    public Path path(int file) {
        return dir.resolve(String.format("rev%05d.dat", file));
    }

    private static byte[] checksum(Hash256 prevBlock, byte[] undo) {
        MessageDigest md = Hashes.sha256Digest();
        md.update(prevBlock.toInternalBytes());
        md.update(undo);
        return Hashes.finishDouble(md).toInternalBytes();
    }

    /**
     * Appends one block's undo record to {@code rev<file>.dat}.
     *
     * @param prevBlock the parent of the block the record belongs to (part of the checksum, as in Core)
     * @return where the undo bytes start (after the 8-byte prefix), Core's {@code nUndoPos}
     */
    public synchronized BlockFilePos append(int file, Hash256 prevBlock, byte[] undo) throws BlockStoreException {
        ByteBuffer buf = ByteBuffer.allocate(8 + undo.length + 32).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(Integer.reverseBytes(magic)).putInt(undo.length).put(undo).put(checksum(prevBlock, undo)).flip();
        Path p = path(file);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long pos = ch.size();
            if (pos + buf.remaining() > Integer.MAX_VALUE) {
                throw new BlockStoreException(Reason.IO_ERROR, "Undo file " + p + " would exceed 2 GiB");
            }
            long at = pos;
            while (buf.hasRemaining()) at += ch.write(buf, at);
            unsynced.add(file);
            return new BlockFilePos(file, (int) pos + 8);
        } catch (IOException e) {
            throw new BlockStoreException(Reason.IO_ERROR, "Failed to write undo data to " + p + ": " + e, e);
        }
    }

    /** Fsyncs every rev file appended to since the last flush (Core's {@code FlushUndoFile}). */
    public synchronized void flush() throws BlockStoreException {
        for (Integer f : unsynced) {
            try (FileChannel ch = FileChannel.open(path(f), StandardOpenOption.WRITE)) {
                ch.force(true);
            } catch (IOException e) {
                throw new BlockStoreException(Reason.IO_ERROR, "Failed to flush undo file " + path(f) + ": " + e, e);
            }
        }
        unsynced.clear();
    }

    /**
     * Reads and checks the undo record at {@code pos}.
     *
     * @throws BlockStoreException BLOCK_FILE_MISSING, BLOCK_MAGIC_MISMATCH, BLOCK_BAD_SIZE, BLOCK_TRUNCATED, or
     *                             CORRUPTED when the checksum does not match (Core: "Checksum mismatch")
     */
    public byte[] read(BlockFilePos pos, Hash256 prevBlock) throws BlockStoreException {
        Path p = path(pos.file());
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long length = ch.size();
            if (pos.dataPos() < 8 || pos.dataPos() > length) {
                throw new BlockStoreException(Reason.BLOCK_TRUNCATED, "Undo file " + p.getFileName()
                        + " cannot hold a record at " + pos);
            }
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            FlatBlockFiles.readFully(ch, prefix, pos.dataPos() - 8);
            if (Integer.reverseBytes(prefix.getInt(0)) != magic) {
                throw new BlockStoreException(Reason.BLOCK_MAGIC_MISMATCH, "Undo record magic mismatch at " + pos);
            }
            long size = Integer.toUnsignedLong(prefix.getInt(4));
            if (size > FlatBlockFiles.MAX_SIZE) {
                throw new BlockStoreException(Reason.BLOCK_BAD_SIZE, "Undo record at " + pos + " claims " + size
                        + " bytes");
            }
            if (pos.dataPos() + size + 32 > length) {
                throw new BlockStoreException(Reason.BLOCK_TRUNCATED, "Undo file " + p.getFileName()
                        + " ends inside the record at " + pos);
            }
            ByteBuffer data = ByteBuffer.allocate((int) size + 32);
            FlatBlockFiles.readFully(ch, data, pos.dataPos());
            byte[] all = data.array();
            byte[] undo = Arrays.copyOf(all, (int) size);
            byte[] stored = Arrays.copyOfRange(all, (int) size, all.length);
            if (!Arrays.equals(stored, checksum(prevBlock, undo))) {
                throw new BlockStoreException(Reason.CORRUPTED, "Checksum mismatch in undo record at " + pos
                        + " of " + p.getFileName());
            }
            return undo;
        } catch (NoSuchFileException e) {
            throw new BlockStoreException(Reason.BLOCK_FILE_MISSING, "Undo file " + p + " is missing", e);
        } catch (BlockStoreException e) {
            throw e;
        } catch (IOException e) {
            throw new BlockStoreException(Reason.IO_ERROR, "Read from undo file failed: " + e + " for " + pos, e);
        }
    }
}
