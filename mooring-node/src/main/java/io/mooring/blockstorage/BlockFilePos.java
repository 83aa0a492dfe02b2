package io.mooring.blockstorage;

/**
 * Where a block lives, as Core's {@code FlatFilePos}: the block file number ({@code blk<file>.dat}) and the offset of
 * the block's first byte in it ({@code nPos}/{@code nDataPos}: just after the 8-byte magic-and-size prefix).
 */
public record BlockFilePos(int file, int dataPos) {
    public BlockFilePos {
        if (file < 0) throw new IllegalArgumentException("file must be >= 0, got " + file);
        if (dataPos < 0) throw new IllegalArgumentException("dataPos must be >= 0, got " + dataPos);
    }

    @Override
    public String toString() {
        // Core's FlatFilePos::ToString
        return "FlatFilePos(nFile=" + file + ", nPos=" + dataPos + ")";
    }
}
