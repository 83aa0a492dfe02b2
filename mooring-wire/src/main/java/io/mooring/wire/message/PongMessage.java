package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

/**
 * {@code pong}: the answer to a {@code ping}, echoing its nonce. The nonce is mandatory: peers below BIP31 (protocol 60000) sent empty pings, and Mooring,
 * like every current implementation, does not speak to them.
 */
public record PongMessage(long nonce) implements Message {
    public static PongMessage read(WireReader r) throws ProtocolException {
        return new PongMessage(r.readI64LE());
    }

    @Override
    public String command() {
        return MessageType.PONG;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeI64LE(nonce);
    }
}
