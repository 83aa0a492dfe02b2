package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

/** {@code feefilter} (BIP133): do not announce transactions paying less than {@code feeRate} satoshis per kvB. */
public record FeeFilterMessage(long feeRate) implements Message {
    public static FeeFilterMessage read(WireReader r) throws ProtocolException {
        return new FeeFilterMessage(r.readI64LE());
    }

    @Override
    public String command() {
        return MessageType.FEEFILTER;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeI64LE(feeRate);
    }
}
