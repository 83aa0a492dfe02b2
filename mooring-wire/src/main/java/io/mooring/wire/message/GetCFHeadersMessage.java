package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.Objects;

/** {@code getcfheaders} (BIP157): asks for the filter headers from {@code startHeight} to {@code stopHash} (at most 2,000). {@code filterType} 0 is BIP158's basic filter. */
public record GetCFHeadersMessage(int filterType, long startHeight, Hash256 stopHash) implements Message {
    public GetCFHeadersMessage {
        if (filterType < 0 || filterType > 0xff) throw new IllegalArgumentException("filter type is one byte");
        if ((startHeight >>> 32) != 0) throw new IllegalArgumentException("start height is a uint32");
        Objects.requireNonNull(stopHash, "stopHash");
    }

    public static GetCFHeadersMessage read(WireReader r) throws ProtocolException {
        return new GetCFHeadersMessage(r.readU8(), r.readU32LE(), r.readHash());
    }

    @Override
    public String command() {
        return MessageType.GETCFHEADERS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU8(filterType).writeU32LE(startHeight).writeHash(stopHash);
    }
}
