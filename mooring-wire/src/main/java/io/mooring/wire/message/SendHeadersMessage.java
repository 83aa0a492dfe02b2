package io.mooring.wire.message;

import io.mooring.wire.WireWriter;

/** {@code sendheaders}: BIP130: announce new blocks with headers instead of inv. Empty payload; any payload bytes are ignored, as in Core. */
public record SendHeadersMessage() implements Message {
    public static final SendHeadersMessage INSTANCE = new SendHeadersMessage();

    @Override
    public String command() {
        return MessageType.SENDHEADERS;
    }

    @Override
    public void writePayload(WireWriter w) {
    }
}
