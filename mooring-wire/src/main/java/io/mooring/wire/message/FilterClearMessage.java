package io.mooring.wire.message;

import io.mooring.wire.WireWriter;

/** {@code filterclear}: BIP37: remove the bloom filter. Empty payload; any payload bytes are ignored, as in Core. */
public record FilterClearMessage() implements Message {
    public static final FilterClearMessage INSTANCE = new FilterClearMessage();

    @Override
    public String command() {
        return MessageType.FILTERCLEAR;
    }

    @Override
    public void writePayload(WireWriter w) {
    }
}
