package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.Transaction;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** {@code blocktxn} (BIP152, Core's BlockTransactions): the transactions asked for by a {@code getblocktxn}. */
public record BlockTxnMessage(Hash256 blockHash, List<Transaction> transactions) implements Message {
    public BlockTxnMessage {
        Objects.requireNonNull(blockHash, "blockHash");
        transactions = Vectors.copy(transactions);
    }

    public static BlockTxnMessage read(WireReader r) throws ProtocolException {
        Hash256 hash = r.readHash();
        int n = r.readCount(Integer.MAX_VALUE, 10, ProtocolError.TOO_MANY_ENTRIES);
        Transaction[] txs = new Transaction[n];
        for (int i = 0; i < n; i++) {
            txs[i] = Transaction.read(r);
        }
        return new BlockTxnMessage(hash, Arrays.asList(txs));
    }

    @Override
    public String command() {
        return MessageType.BLOCKTXN;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeHash(blockHash);
        w.writeCompactSize(transactions.size());
        for (Transaction tx : transactions) {
            tx.write(w);
        }
    }
}
