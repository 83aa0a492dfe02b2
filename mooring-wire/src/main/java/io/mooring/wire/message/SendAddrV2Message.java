package io.mooring.wire.message;

import io.mooring.wire.WireWriter;

/** {@code sendaddrv2}: BIP155: send addrv2 instead of addr (only valid before verack). Empty payload; any payload bytes are ignored, as in Core. */
public record SendAddrV2Message() implements Message {
    public static final SendAddrV2Message INSTANCE = new SendAddrV2Message();

    @Override
    public String command() {
        return MessageType.SENDADDRV2;
    }

    @Override
    public void writePayload(WireWriter w) {
    }
}
