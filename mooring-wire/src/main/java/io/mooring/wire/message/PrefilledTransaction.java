package io.mooring.wire.message;

import io.mooring.wire.primitives.Transaction;
import java.util.Objects;

/** BIP152: a transaction sent in full inside a {@code cmpctblock}, at absolute position {@code index} in the block. */
public record PrefilledTransaction(int index, Transaction tx) {
    public PrefilledTransaction {
        if (index < 0 || index > 0xffff) throw new IllegalArgumentException("index must fit 16 bits: " + index);
        Objects.requireNonNull(tx, "tx");
    }
}
