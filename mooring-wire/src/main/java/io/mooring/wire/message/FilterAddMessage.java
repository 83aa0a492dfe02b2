package io.mooring.wire.message;

import io.mooring.wire.Bytes;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.Objects;

/**
 * {@code filteradd} (BIP37): one element to add to the bloom filter. Elements above
 * {@link Limits#MAX_SCRIPT_ELEMENT_SIZE} decode; Core treats them as misbehaviour, which is the node's call.
 */
public record FilterAddMessage(Bytes element) implements Message {
    public FilterAddMessage {
        Objects.requireNonNull(element, "element");
    }

    public static FilterAddMessage read(WireReader r) throws ProtocolException {
        return new FilterAddMessage(r.readVarBytes(Integer.MAX_VALUE));
    }

    @Override
    public String command() {
        return MessageType.FILTERADD;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeVarBytes(element);
    }
}
