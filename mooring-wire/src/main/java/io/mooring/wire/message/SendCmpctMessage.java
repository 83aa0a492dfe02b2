package io.mooring.wire.message;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

/** {@code sendcmpct} (BIP152): compact block relay, high-bandwidth if {@code announce}, at compact block {@code version}. */
public record SendCmpctMessage(boolean announce, long version) implements Message {
    public static SendCmpctMessage read(WireReader r) throws ProtocolException {
        // BIP152: the announce field is a boolean that MUST be 0 or 1; Core treats anything else as misbehaviour.
        int announce = r.readU8();
        if (announce > 1) {
            throw new ProtocolException(ProtocolError.INVALID_SENDCMPCT_ANNOUNCE, "announce byte " + announce);
        }
        return new SendCmpctMessage(announce == 1, r.readI64LE());
    }

    @Override
    public String command() {
        return MessageType.SENDCMPCT;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeBool(announce).writeI64LE(version);
    }
}
