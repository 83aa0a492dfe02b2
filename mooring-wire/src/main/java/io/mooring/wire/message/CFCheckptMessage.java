package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * {@code cfcheckpt} (BIP157): filter headers at every 1,000th block. The count is bounded only by the payload
 * size (Core serves one per 1,000 blocks of its chain).
 */
public record CFCheckptMessage(int filterType, Hash256 stopHash, List<Hash256> filterHeaders) implements Message {
    public CFCheckptMessage {
        if (filterType < 0 || filterType > 0xff) throw new IllegalArgumentException("filter type is one byte");
        Objects.requireNonNull(stopHash, "stopHash");
        filterHeaders = Vectors.copy(filterHeaders);
    }

    public static CFCheckptMessage read(WireReader r) throws ProtocolException {
        int type = r.readU8();
        Hash256 stop = r.readHash();
        return new CFCheckptMessage(type, stop, Vectors.readHashes(r, Integer.MAX_VALUE, ProtocolError.TOO_MANY_ENTRIES));
    }

    @Override
    public String command() {
        return MessageType.CFCHECKPT;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU8(filterType).writeHash(stopHash);
        Vectors.writeHashes(w, filterHeaders);
    }
}
