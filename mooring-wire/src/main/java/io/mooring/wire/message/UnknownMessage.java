package io.mooring.wire.message;

import io.mooring.wire.Bytes;
import io.mooring.wire.WireWriter;
import java.util.Objects;

/**
 * A well-formed message whose command Mooring has no type for. Core ignores these "for extensibility"; the node
 * counts them. The payload is kept as opaque bytes, the only place a decoder does that.
 */
public record UnknownMessage(String command, Bytes payloadBytes) implements Message {
    public UnknownMessage {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(payloadBytes, "payloadBytes");
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeBytes(payloadBytes);
    }
}
