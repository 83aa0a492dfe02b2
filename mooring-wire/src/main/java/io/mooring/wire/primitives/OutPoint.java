package io.mooring.wire.primitives;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

import java.util.Objects;

/** A reference to a transaction output (Core's {@code COutPoint}): txid plus output index, an unsigned 32-bit value. */
public record OutPoint(Hash256 txid, long index) {
    public static final int SIZE = 36;
    /** Core's {@code COutPoint::NULL_INDEX}. */
    public static final long NULL_INDEX = 0xffffffffL;
    /** The null outpoint a coinbase input spends: zero hash, index 0xffffffff. */
    public static final OutPoint NULL = new OutPoint(Hash256.ZERO, NULL_INDEX);

    public OutPoint {
        Objects.requireNonNull(txid, "txid");
        if ((index >>> 32) != 0) throw new IllegalArgumentException("index is an unsigned 32-bit value: " + index);
    }

    public static OutPoint read(WireReader r) throws ProtocolException {
        return new OutPoint(r.readHash(), r.readU32LE());
    }

    public void write(WireWriter w) {
        w.writeHash(txid).writeU32LE(index);
    }

    /** Core's {@code COutPoint::IsNull}: zero hash and index 0xffffffff. */
    public boolean isNull() {
        return index == NULL_INDEX && txid.isZero();
    }
}
