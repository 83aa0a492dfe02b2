package io.mooring.wire.primitives;

import io.mooring.wire.Bytes;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

import java.util.Objects;

/**
 * A transaction output (Core's {@code CTxOut}): value in satoshis (a signed 64-bit value on the wire; ranges are a
 * validation matter, not a serialisation one) and the locking script.
 */
public record TxOut(long value, Bytes scriptPubKey) {
    public TxOut {
        Objects.requireNonNull(scriptPubKey, "scriptPubKey");
    }

    public static TxOut read(WireReader r) throws ProtocolException {
        return new TxOut(r.readI64LE(), r.readVarBytes((int) WireReader.MAX_SIZE));
    }

    public void write(WireWriter w) {
        w.writeI64LE(value).writeVarBytes(scriptPubKey);
    }

    /** Serialised size: 8 value bytes plus the CompactSize-prefixed script. */
    public int size() {
        return 8 + WireWriter.compactSizeLength(scriptPubKey.length()) + scriptPubKey.length();
    }
}
