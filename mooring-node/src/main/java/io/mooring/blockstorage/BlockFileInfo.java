package io.mooring.blockstorage;

/**
 * What the index knows about one block file, as Core's {@code CBlockFileInfo} without the undo size (Mooring writes no
 * undo data): how many blocks it holds, how many bytes of it are in use, and the height and time range of its blocks.
 * {@code size} is the authority on the file's length: bytes past it were appended but never indexed and are cut off on
 * open.
 *
 * @param blocks      number of blocks stored in the file ({@code nBlocks})
 * @param size        used bytes of the file ({@code nSize})
 * @param heightFirst lowest height of a block in the file ({@code nHeightFirst})
 * @param heightLast  highest height of a block in the file ({@code nHeightLast})
 * @param timeFirst   earliest header time in the file ({@code nTimeFirst})
 * @param timeLast    latest header time in the file ({@code nTimeLast})
 */
public record BlockFileInfo(int blocks, long size, int heightFirst, int heightLast, long timeFirst, long timeLast) {
    /** A file with nothing in it. */
    public static final BlockFileInfo EMPTY = new BlockFileInfo(0, 0, 0, 0, 0, 0);

    public BlockFileInfo {
        if (blocks < 0 || size < 0 || heightFirst < 0 || heightLast < 0 || timeFirst < 0 || timeLast < 0) {
            throw new IllegalArgumentException("block file info fields must be >= 0");
        }
    }

    /** The info after appending one block of {@code addSize} bytes (prefix included): Core's AddBlock plus nSize. */
    public BlockFileInfo withBlock(int height, long time, long addSize) {
        boolean first = blocks == 0;
        return new BlockFileInfo(blocks + 1, size + addSize,
                first ? height : Math.min(heightFirst, height), first ? height : Math.max(heightLast, height),
                first ? time : Math.min(timeFirst, time), first ? time : Math.max(timeLast, time));
    }

    @Override
    public String toString() {
        // The fields of Core's CBlockFileInfo::ToString (times as Unix seconds instead of formatted dates).
        return "CBlockFileInfo(blocks=" + blocks + ", size=" + size + ", heights=" + heightFirst + "..." + heightLast
                + ", time=" + timeFirst + "..." + timeLast + ")";
    }
}
