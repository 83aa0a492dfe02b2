package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.Objects;

/** {@code getcfilters} (BIP157): asks for the filters of the blocks from {@code startHeight} to {@code stopHash} (at most 1,000). {@code filterType} 0 is BIP158's basic filter. */
public record GetCFiltersMessage(int filterType, long startHeight, Hash256 stopHash) implements Message {
    public GetCFiltersMessage {
        if (filterType < 0 || filterType > 0xff) throw new IllegalArgumentException("filter type is one byte");
        if ((startHeight >>> 32) != 0) throw new IllegalArgumentException("start height is a uint32");
        Objects.requireNonNull(stopHash, "stopHash");
    }

    public static GetCFiltersMessage read(WireReader r) throws ProtocolException {
        return new GetCFiltersMessage(r.readU8(), r.readU32LE(), r.readHash());
    }

    @Override
    public String command() {
        return MessageType.GETCFILTERS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU8(filterType).writeU32LE(startHeight).writeHash(stopHash);
    }
}
