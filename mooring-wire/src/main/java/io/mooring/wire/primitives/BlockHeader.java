package io.mooring.wire.primitives;

import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 80-byte block header (Core's {@code CBlockHeader}). {@code time} and {@code bits} are unsigned 32-bit values
 * held in longs; {@code version} is signed as in Core.
 */
public record BlockHeader(int version, Hash256 prevBlock, Hash256 merkleRoot, long time, long bits, long nonce) {
    public static final int SIZE = 80;

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SIZE]);

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
        // Serialised into a per-thread 80-byte buffer: hashing a header allocates only the resulting Hash256.
        byte[] b = SCRATCH.get();
        LE_INT.set(b, 0, version);
        prevBlock.writeTo(b, 4);
        merkleRoot.writeTo(b, 36);
        LE_INT.set(b, 68, (int) time);
        LE_INT.set(b, 72, (int) bits);
        LE_INT.set(b, 76, (int) nonce);
        return Hashes.sha256d(b, 0, SIZE);
    }
}
