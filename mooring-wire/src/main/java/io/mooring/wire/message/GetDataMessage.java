package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.List;

/** {@code getdata}: asks for the objects named. At most {@link Limits#MAX_INV_SZ} entries (more is misbehaviour in Core). */
public record GetDataMessage(List<InvItem> items) implements Message {
    public GetDataMessage {
        items = Vectors.copy(items);
        Vectors.checkMax(items, Limits.MAX_INV_SZ, "getdata");
    }

    public static GetDataMessage read(WireReader r) throws ProtocolException {
        return new GetDataMessage(Vectors.readInventory(r));
    }

    @Override
    public String command() {
        return MessageType.GETDATA;
    }

    @Override
    public void writePayload(WireWriter w) {
        Vectors.writeInventory(w, items);
    }
}
