package io.mooring.wire.primitives;

import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

/**
 * The 80-byte block header (Core's {@code CBlockHeader}). {@code time} and {@code bits} are unsigned 32-bit values
 * held in longs; {@code version} is signed as in Core.
 */
public record BlockHeader(int version, Hash256 prevBlock, Hash256 merkleRoot, long time, long bits, long nonce) {
    public static final int SIZE = 80;

    public BlockHeader {
        if (prevBlock == null || merkleRoot == null) throw new NullPointerException("hash");
        if ((time >>> 32) != 0 || (bits >>> 32) != 0 || (nonce >>> 32) != 0) {
            throw new IllegalArgumentException("time, bits and nonce are unsigned 32-bit values");
        }
    }

    public static BlockHeader read(WireReader r) throws ProtocolException {
        return new BlockHeader(r.readI32LE(), r.readHash(), r.readHash(), r.readU32LE(), r.readU32LE(), r.readU32LE());
    }

    public void write(WireWriter w) {
        w.writeI32LE(version).writeHash(prevBlock).writeHash(merkleRoot)
                .writeU32LE(time).writeU32LE(bits).writeU32LE(nonce);
    }

    public byte[] serialize() {
        WireWriter w = new WireWriter(SIZE);
        write(w);
        return w.toByteArray();
    }

    /** The block hash: SHA256d of the 80 serialised bytes. Computed on each call; callers that need it often keep it. */
    public Hash256 hash() {
        WireWriter w = new WireWriter(SIZE);
        write(w);
        return Hashes.sha256d(w.array(), 0, SIZE);
    }
}
