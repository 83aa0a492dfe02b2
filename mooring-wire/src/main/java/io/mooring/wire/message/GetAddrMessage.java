package io.mooring.wire.message;

import io.mooring.wire.WireWriter;

/** {@code getaddr}: a request for known addresses. Empty payload; any payload bytes are ignored, as in Core. */
public record GetAddrMessage() implements Message {
    public static final GetAddrMessage INSTANCE = new GetAddrMessage();

    @Override
    public String command() {
        return MessageType.GETADDR;
    }

    @Override
    public void writePayload(WireWriter w) {
    }
}
