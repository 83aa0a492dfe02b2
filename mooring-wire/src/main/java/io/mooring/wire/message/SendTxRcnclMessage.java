package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

/** {@code sendtxrcncl} (BIP330, Erlay): reconciliation protocol {@code version} (uint32) and this side's {@code salt}. */
public record SendTxRcnclMessage(long version, long salt) implements Message {
    public SendTxRcnclMessage {
        if ((version >>> 32) != 0) throw new IllegalArgumentException("version is a uint32");
    }

    public static SendTxRcnclMessage read(WireReader r) throws ProtocolException {
        return new SendTxRcnclMessage(r.readU32LE(), r.readI64LE());
    }

    @Override
    public String command() {
        return MessageType.SENDTXRCNCL;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32LE(version).writeI64LE(salt);
    }
}
