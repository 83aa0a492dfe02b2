package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code getblocktxn} (BIP152, Core's BlockTransactionsRequest): the block and the absolute, strictly increasing
 * indexes of the transactions wanted (differentially encoded on the wire; each must fit 16 bits).
 */
public record GetBlockTxnMessage(Hash256 blockHash, List<Integer> indexes) implements Message {
    public GetBlockTxnMessage {
        Objects.requireNonNull(blockHash, "blockHash");
        indexes = Vectors.copy(indexes);
        int previous = -1;
        for (int i : indexes) {
            if (i <= previous || i > 0xffff) throw new IllegalArgumentException("indexes must increase and fit 16 bits");
            previous = i;
        }
    }

    public static GetBlockTxnMessage read(WireReader r) throws ProtocolException {
        Hash256 hash = r.readHash();
        int n = r.readCount(Integer.MAX_VALUE, 1, ProtocolError.TOO_MANY_ENTRIES);
        Integer[] out = new Integer[n];
        DifferentialIndexes indexes = new DifferentialIndexes();
        for (int i = 0; i < n; i++) {
            out[i] = indexes.read(r);
        }
        return new GetBlockTxnMessage(hash, Arrays.asList(out));
    }

    @Override
    public String command() {
        return MessageType.GETBLOCKTXN;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeHash(blockHash);
        w.writeCompactSize(indexes.size());
        DifferentialIndexes enc = new DifferentialIndexes();
        for (int i : indexes) {
            w.writeCompactSize(enc.encode(i));
        }
    }
}
