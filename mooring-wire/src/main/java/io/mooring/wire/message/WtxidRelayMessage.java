package io.mooring.wire.message;

import io.mooring.wire.WireWriter;

/** {@code wtxidrelay}: BIP339: announce transactions by wtxid (only valid before verack). Empty payload; any payload bytes are ignored, as in Core. */
public record WtxidRelayMessage() implements Message {
    public static final WtxidRelayMessage INSTANCE = new WtxidRelayMessage();

    @Override
    public String command() {
        return MessageType.WTXIDRELAY;
    }

    @Override
    public void writePayload(WireWriter w) {
    }
}
