package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

/** {@code sendcmpct} (BIP152): compact block relay, high-bandwidth if {@code announce}, at compact block {@code version}. */
public record SendCmpctMessage(boolean announce, long version) implements Message {
    public static SendCmpctMessage read(WireReader r) throws ProtocolException {
        return new SendCmpctMessage(r.readBool(), r.readI64LE());
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
