package io.mooring.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExtraTransactionsTest {
    static Transaction tx(int n) {
        return new Transaction(2, List.of(new TxIn(new OutPoint(new Hash256(n, 0, 0, 1), 0), Bytes.EMPTY,
                TxIn.SEQUENCE_FINAL)), List.of(new TxOut(n, Bytes.EMPTY)), 0);
    }

    @Test
    void theRingKeepsTheLastCapacityTransactionsOldestFirst() {
        ExtraTransactions pool = new ExtraTransactions(3);
        IntStream.rangeClosed(1, 5).forEach(n -> pool.add(tx(n)));
        assertThat(pool.transactions()).containsExactly(tx(3), tx(4), tx(5));
        assertThat(pool.size()).isEqualTo(3);
        pool.add(tx(6));
        assertThat(pool.transactions()).containsExactly(tx(4), tx(5), tx(6));
    }

    @Test
    void aCapacityOfZeroKeepsNothing() {
        ExtraTransactions pool = new ExtraTransactions(0);
        pool.add(tx(1));
        assertThat(pool.transactions()).isEmpty();
        assertThat(pool.size()).isZero();
    }

    @Test
    void theLargestCapacityCoreAcceptsCostsNothingUntilUsed() {
        // A ring allocated up front would need 2^32 slots here and fail.
        ExtraTransactions pool = new ExtraTransactions(ExtraTransactions.MAX_CAPACITY);
        pool.add(tx(1));
        pool.add(tx(2));
        assertThat(pool.transactions()).containsExactly(tx(1), tx(2));
        assertThat(pool.capacity()).isEqualTo(4_294_967_295L);
        assertThatThrownBy(() -> new ExtraTransactions(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExtraTransactions(ExtraTransactions.MAX_CAPACITY + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
