package io.mooring.wire.blockfilter;

import java.util.Optional;

/** BIP158 filter types (Core's {@code BlockFilterType}), with their Golomb-Rice parameters. */
public enum BlockFilterType {
    /** The basic filter: output scripts and spent scripts, P = 19, M = 784931. */
    BASIC(0, "basic", 19, 784_931);

    private final int id;
    private final String displayName;
    private final int p;
    private final long m;

    BlockFilterType(int id, String displayName, int p, long m) {
        this.id = id;
        this.displayName = displayName;
        this.p = p;
        this.m = m;
    }

    /** The one-byte id used in BIP157 messages. */
    public int id() {
        return id;
    }

    /** Core's name for the type ({@code -blockfilterindex=basic}). */
    public String displayName() {
        return displayName;
    }

    /** The Golomb-Rice parameter: bits of each remainder. */
    public int p() {
        return p;
    }

    /** The inverse false-positive rate: hashes are spread over {@code [0, N * M)}. */
    public long m() {
        return m;
    }

    public static Optional<BlockFilterType> fromId(int id) {
        for (BlockFilterType t : values()) {
            if (t.id == id) return Optional.of(t);
        }
        return Optional.empty();
    }
}
