package io.mooring.wire.primitives;

import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;

import java.util.List;
import java.util.Objects;

/**
 * A full block (Core's {@code CBlock}): header and transactions, the payload of a {@code block} message. Immutable.
 * Only serialisation lives here; merkle roots and the witness commitment are in {@link Merkle}.
 */
public record Block(BlockHeader header, List<Transaction> transactions) {
    public Block {
        Objects.requireNonNull(header, "header");
        transactions = ImmutableArrayList.immutable(transactions);
    }

    /**
     * Reads a header and a CompactSize-counted vector of transactions. Trailing bytes are left in the reader (a
     * message decoder decides whether they are an error).
     */
    public static Block read(WireReader r) throws ProtocolException {
        BlockHeader header = BlockHeader.read(r);
        int n = r.readCount((int) WireReader.MAX_SIZE, Transaction.MIN_SIZE, ProtocolError.SIZE_TOO_LARGE);
        Transaction[] txs = new Transaction[n];
        for (int i = 0; i < n; i++) {
            txs[i] = Transaction.read(r);
        }
        return new Block(header, ImmutableArrayList.trusted(txs));
    }

    /** Header, transaction count, each transaction in its witness encoding when it has one. */
    public void write(WireWriter w) {
        header.write(w);
        w.writeCompactSize(transactions.size());
        for (int i = 0, n = transactions.size(); i < n; i++) {
            transactions.get(i).write(w);
        }
    }

    public byte[] serialize() {
        WireWriter w = new WireWriter(totalSize());
        write(w);
        return w.toByteArray();
    }

    /** The header hash (recomputed on each call). */
    public Hash256 hash() {
        return header.hash();
    }

    /** Size of {@link #write}'s encoding. */
    public int totalSize() {
        int s = BlockHeader.SIZE + WireWriter.compactSizeLength(transactions.size());
        for (int i = 0, n = transactions.size(); i < n; i++) {
            s += transactions.get(i).totalSize();
        }
        return s;
    }

    /** Size without any witness data. */
    public int strippedSize() {
        int s = BlockHeader.SIZE + WireWriter.compactSizeLength(transactions.size());
        for (int i = 0, n = transactions.size(); i < n; i++) {
            s += transactions.get(i).strippedSize();
        }
        return s;
    }

    /** BIP141 block weight: stripped size × 3 + total size (Core's {@code GetBlockWeight}). */
    public int weight() {
        return strippedSize() * 3 + totalSize();
    }
}
