package io.mooring.wire.message;

import io.mooring.wire.WireWriter;

/** {@code mempool}: BIP35 request for the peer's mempool inventory. Empty payload; any payload bytes are ignored, as in Core. */
public record MempoolMessage() implements Message {
    public static final MempoolMessage INSTANCE = new MempoolMessage();

    @Override
    public String command() {
        return MessageType.MEMPOOL;
    }

    @Override
    public void writePayload(WireWriter w) {
    }
}
