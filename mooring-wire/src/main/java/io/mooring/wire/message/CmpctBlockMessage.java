package io.mooring.wire.message;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Transaction;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code cmpctblock} (BIP152, Core's CBlockHeaderAndShortTxIDs): a header, the short-id salt nonce, 6-byte short
 * transaction ids, and prefilled transactions with absolute indexes (differentially encoded on the wire). As in
 * Core, short ids plus prefilled transactions may not exceed 65,535.
 */
public record CmpctBlockMessage(BlockHeader header, long nonce, List<Long> shortIds,
                                List<PrefilledTransaction> prefilled) implements Message {
    public static final int SHORT_ID_BYTES = 6;

    public CmpctBlockMessage {
        Objects.requireNonNull(header, "header");
        shortIds = Vectors.copy(shortIds);
        prefilled = Vectors.copy(prefilled);
        for (long id : shortIds) {
            if ((id >>> 48) != 0) throw new IllegalArgumentException("short ids are 48 bits");
        }
        int previous = -1;
        for (PrefilledTransaction p : prefilled) {
            if (p.index() <= previous) throw new IllegalArgumentException("prefilled indexes must increase");
            previous = p.index();
        }
        if (shortIds.size() + prefilled.size() > 0xffff) {
            throw new IllegalArgumentException("more than 65535 transactions");
        }
    }

    public static CmpctBlockMessage read(WireReader r) throws ProtocolException {
        BlockHeader header = BlockHeader.read(r);
        long nonce = r.readI64LE();
        int n = r.readCount(Integer.MAX_VALUE, SHORT_ID_BYTES, ProtocolError.TOO_MANY_ENTRIES);
        Long[] ids = new Long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.readU48LE();
        }
        // A prefilled entry is at least a 1-byte index and a 10-byte transaction.
        int m = r.readCount(Integer.MAX_VALUE, 11, ProtocolError.TOO_MANY_ENTRIES);
        PrefilledTransaction[] pre = new PrefilledTransaction[m];
        DifferentialIndexes indexes = new DifferentialIndexes();
        for (int i = 0; i < m; i++) {
            int index = indexes.read(r);
            pre[i] = new PrefilledTransaction(index, Transaction.read(r));
        }
        if ((long) n + m > 0xffff) {
            throw new ProtocolException(ProtocolError.BAD_COMPACT_BLOCK, "indexes overflowed 16 bits");
        }
        return new CmpctBlockMessage(header, nonce, Arrays.asList(ids), Arrays.asList(pre));
    }

    @Override
    public String command() {
        return MessageType.CMPCTBLOCK;
    }

    @Override
    public void writePayload(WireWriter w) {
        header.write(w);
        w.writeI64LE(nonce);
        w.writeCompactSize(shortIds.size());
        for (long id : shortIds) {
            w.writeU48LE(id);
        }
        w.writeCompactSize(prefilled.size());
        DifferentialIndexes indexes = new DifferentialIndexes();
        for (PrefilledTransaction p : prefilled) {
            w.writeCompactSize(indexes.encode(p.index()));
            p.tx().write(w);
        }
    }
}
