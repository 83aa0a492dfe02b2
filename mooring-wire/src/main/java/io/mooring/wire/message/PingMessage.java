package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

/**
 * {@code ping}: a keep-alive whose nonce the peer echoes in {@code pong} (BIP31). The nonce is mandatory: peers below BIP31 (protocol 60000) sent empty pings, and Mooring,
 * like every current implementation, does not speak to them.
 */
public record PingMessage(long nonce) implements Message {
    public static PingMessage read(WireReader r) throws ProtocolException {
        return new PingMessage(r.readI64LE());
    }

    @Override
    public String command() {
        return MessageType.PING;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeI64LE(nonce);
    }
}
