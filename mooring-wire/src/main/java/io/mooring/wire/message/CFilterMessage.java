package io.mooring.wire.message;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.Objects;

/** {@code cfilter} (BIP157): one block's compact filter (the BIP158 GCS-encoded bytes). */
public record CFilterMessage(int filterType, Hash256 blockHash, Bytes filter) implements Message {
    public CFilterMessage {
        if (filterType < 0 || filterType > 0xff) throw new IllegalArgumentException("filter type is one byte");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(filter, "filter");
    }

    public static CFilterMessage read(WireReader r) throws ProtocolException {
        return new CFilterMessage(r.readU8(), r.readHash(), r.readVarBytes(Integer.MAX_VALUE));
    }

    @Override
    public String command() {
        return MessageType.CFILTER;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU8(filterType).writeHash(blockHash).writeVarBytes(filter);
    }
}
