package io.mooring.coins;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The coins one transaction spent, in input order (Core's {@code CTxUndo}); disconnecting the block puts them back.
 * Serialized as Core's rev files hold it: a CompactSize count, then per coin {@code VARINT(height·2 + coinbase)}, a
 * dummy {@code VARINT(0)} for heights above 0 (the version field of Core's old format) and the compressed output.
 */
public record TxUndo(List<Coin> spent) {
    public TxUndo {
        spent = List.copyOf(spent);
    }

    public void write(WireWriter w) {
        w.writeCompactSize(spent.size());
        for (Coin c : spent) {
            CoinSerialization.writeVarInt(w, c.height() * 2L + (c.coinbase() ? 1 : 0));
            if (c.height() > 0) CoinSerialization.writeVarInt(w, 0);
            CoinSerialization.writeTxOut(w, c.out());
        }
    }

    /**
     * @throws ProtocolException for truncated or malformed data, or more entries than the remaining bytes could hold
     */
    public static TxUndo read(WireReader r) throws ProtocolException {
        // Each entry takes at least 2 bytes (code and a one-byte script tag), which bounds a lying count.
        int n = r.readCount(Integer.MAX_VALUE, 2, ProtocolError.TOO_MANY_ENTRIES);
        List<Coin> coins = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long code = CoinSerialization.readVarInt(r, 32);
            int height = (int) (code >>> 1);
            if (height > 0) CoinSerialization.readVarInt(r, 32); // old format's version, ignored as in Core
            coins.add(new Coin(CoinSerialization.readTxOut(r), height, (code & 1) != 0));
        }
        return new TxUndo(coins);
    }
}
