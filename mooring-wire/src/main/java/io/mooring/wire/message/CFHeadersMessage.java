package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.List;
import java.util.Objects;

/**
 * {@code cfheaders} (BIP157): the filter header before the range and the filter hashes of the range (at most
 * {@link Limits#MAX_GETCFHEADERS_SIZE}, the most a {@code getcfheaders} may ask for).
 */
public record CFHeadersMessage(int filterType, Hash256 stopHash, Hash256 previousFilterHeader,
                               List<Hash256> filterHashes) implements Message {
    public CFHeadersMessage {
        if (filterType < 0 || filterType > 0xff) throw new IllegalArgumentException("filter type is one byte");
        Objects.requireNonNull(stopHash, "stopHash");
        Objects.requireNonNull(previousFilterHeader, "previousFilterHeader");
        filterHashes = Vectors.copy(filterHashes);
        Vectors.checkMax(filterHashes, Limits.MAX_GETCFHEADERS_SIZE, "filter hashes");
    }

    public static CFHeadersMessage read(WireReader r) throws ProtocolException {
        int type = r.readU8();
        Hash256 stop = r.readHash();
        Hash256 previous = r.readHash();
        return new CFHeadersMessage(type, stop, previous,
                Vectors.readHashes(r, Limits.MAX_GETCFHEADERS_SIZE, ProtocolError.TOO_MANY_ENTRIES));
    }

    @Override
    public String command() {
        return MessageType.CFHEADERS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU8(filterType).writeHash(stopHash).writeHash(previousFilterHeader);
        Vectors.writeHashes(w, filterHashes);
    }
}
