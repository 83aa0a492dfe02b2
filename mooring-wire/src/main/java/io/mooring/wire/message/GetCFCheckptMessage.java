package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.Objects;

/** {@code getcfcheckpt} (BIP157): asks for the filter headers at every 1,000th block up to {@code stopHash}. */
public record GetCFCheckptMessage(int filterType, Hash256 stopHash) implements Message {
    public GetCFCheckptMessage {
        if (filterType < 0 || filterType > 0xff) throw new IllegalArgumentException("filter type is one byte");
        Objects.requireNonNull(stopHash, "stopHash");
    }

    public static GetCFCheckptMessage read(WireReader r) throws ProtocolException {
        return new GetCFCheckptMessage(r.readU8(), r.readHash());
    }

    @Override
    public String command() {
        return MessageType.GETCFCHECKPT;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU8(filterType).writeHash(stopHash);
    }
}
