package io.mooring.wire.message;

import io.mooring.wire.WireWriter;

/** {@code verack}: the handshake acknowledgement. Empty payload; any payload bytes are ignored, as in Core. */
public record VerackMessage() implements Message {
    public static final VerackMessage INSTANCE = new VerackMessage();

    @Override
    public String command() {
        return MessageType.VERACK;
    }

    @Override
    public void writePayload(WireWriter w) {
    }
}
