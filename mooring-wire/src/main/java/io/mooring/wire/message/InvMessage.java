package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.List;

/** {@code inv}: announces transactions or blocks the sender has. At most {@link Limits#MAX_INV_SZ} entries (more is misbehaviour in Core). */
public record InvMessage(List<InvItem> items) implements Message {
    public InvMessage {
        items = Vectors.copy(items);
        Vectors.checkMax(items, Limits.MAX_INV_SZ, "inv");
    }

    public static InvMessage read(WireReader r) throws ProtocolException {
        return new InvMessage(Vectors.readInventory(r));
    }

    @Override
    public String command() {
        return MessageType.INV;
    }

    @Override
    public void writePayload(WireWriter w) {
        Vectors.writeInventory(w, items);
    }

    @Override
    public byte[] payload() {
        return Vectors.payload(this, WireWriter.compactSizeLength(items.size()) + items.size() * InvItem.SIZE);
    }
}
