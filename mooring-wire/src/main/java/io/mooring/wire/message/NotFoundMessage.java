package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.List;

/** {@code notfound}: the requested objects the sender cannot provide. At most {@link Limits#MAX_INV_SZ} entries (more is misbehaviour in Core). */
public record NotFoundMessage(List<InvItem> items) implements Message {
    public NotFoundMessage {
        items = Vectors.copy(items);
        Vectors.checkMax(items, Limits.MAX_INV_SZ, "notfound");
    }

    public static NotFoundMessage read(WireReader r) throws ProtocolException {
        return new NotFoundMessage(Vectors.readInventory(r));
    }

    @Override
    public String command() {
        return MessageType.NOTFOUND;
    }

    @Override
    public void writePayload(WireWriter w) {
        Vectors.writeInventory(w, items);
    }
}
