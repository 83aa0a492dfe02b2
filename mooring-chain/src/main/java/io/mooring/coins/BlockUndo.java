package io.mooring.coins;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * What disconnecting a block needs (Core's {@code CBlockUndo}): one {@link TxUndo} per transaction after the
 * coinbase, in block order. The byte form is Core's, so a {@code rev?????.dat} record holds exactly these bytes.
 */
public record BlockUndo(List<TxUndo> txUndos) {
    public BlockUndo {
        txUndos = List.copyOf(txUndos);
    }

    public void write(WireWriter w) {
        w.writeCompactSize(txUndos.size());
        for (TxUndo u : txUndos) u.write(w);
    }

    public byte[] serialize() {
        WireWriter w = new WireWriter(64);
        write(w);
        return w.toByteArray();
    }

    public static BlockUndo read(WireReader r) throws ProtocolException {
        int n = r.readCount(Integer.MAX_VALUE, 1, ProtocolError.TOO_MANY_ENTRIES);
        List<TxUndo> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(TxUndo.read(r));
        return new BlockUndo(list);
    }
}
