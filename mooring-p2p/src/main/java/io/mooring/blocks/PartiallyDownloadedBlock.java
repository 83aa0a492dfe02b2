package io.mooring.blocks;

import io.mooring.logging.LogCategory;
import io.mooring.validation.BlockChecks;
import io.mooring.wire.message.CmpctBlockMessage;
import io.mooring.wire.message.PrefilledTransaction;
import io.mooring.wire.message.ShortTxIds;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * A block being rebuilt from a BIP152 {@code cmpctblock} (Core's {@code PartiallyDownloadedBlock}, blockencodings):
 * {@link #initData} places the prefilled transactions and matches every short id against the mempool and the extra
 * pool; the positions still empty are asked for with {@code getblocktxn}; {@link #fillBlock} completes the block with
 * the transactions that came back and checks the result for mutation (a short-id collision shows as a wrong merkle
 * root). One instance serves one block once: after {@link #fillBlock} it is spent, as Core's is.
 */
public final class PartiallyDownloadedBlock {
    private static final Logger CMPCTBLOCK = LogCategory.CMPCTBLOCK.logger();

    /** Core's ReadStatus. */
    public enum ReadStatus {
        OK,
        /** The peer sent something no honest peer sends: misbehaviour. */
        INVALID,
        /** Could not be used (collision, uneven short ids): fall back to a full block, nobody is blamed. */
        FAILED
    }

    /** The outcome of {@link #fillBlock}: the block when {@link ReadStatus#OK}. */
    public record FillResult(ReadStatus status, Optional<Block> block) {
        public FillResult {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(block, "block");
        }
    }

    /** Core's MAX_BLOCK_WEIGHT / MIN_SERIALIZABLE_TRANSACTION_WEIGHT: no block can hold more transactions. */
    static final int MAX_TRANSACTIONS = 4_000_000 / 40;
    /**
     * Core fails a compact block whose short ids pile up in one bucket of its hash map (more than 12 in one bucket
     * happens about once per million honest blocks); the ids are uniform for an honest sender, so an uneven spread is
     * an attempt to make reconstruction slow.
     */
    static final int MAX_SHORT_IDS_PER_BUCKET = 12;

    private BlockHeader header;
    private Transaction[] available = new Transaction[0];
    private boolean initialised;
    private int prefilledCount;
    private int mempoolCount;
    private int extraCount;

    /** Core's PartiallyDownloadedBlock::InitData. */
    public ReadStatus initData(CmpctBlockMessage compact, List<Transaction> mempool, List<Transaction> extra) {
        List<Long> shortIds = compact.shortIds();
        List<PrefilledTransaction> prefilled = compact.prefilled();
        if (shortIds.isEmpty() && prefilled.isEmpty()) return ReadStatus.INVALID;
        if (shortIds.size() + prefilled.size() > MAX_TRANSACTIONS) return ReadStatus.INVALID;
        if (initialised) return ReadStatus.INVALID;
        initialised = true;
        header = compact.header();
        int count = shortIds.size() + prefilled.size();
        available = new Transaction[count];

        // Prefilled indexes are absolute and increasing (the decoder undid the differential encoding).
        for (int i = 0; i < prefilled.size(); i++) {
            PrefilledTransaction p = prefilled.get(i);
            if (p.tx().inputs().isEmpty() && p.tx().outputs().isEmpty()) return ReadStatus.INVALID;
            // An index past every short id and prefilled entry so far names a transaction nobody described.
            if (p.index() > shortIds.size() + i) return ReadStatus.INVALID;
            available[p.index()] = p.tx();
        }
        prefilledCount = prefilled.size();

        Map<Long, Integer> positions = new HashMap<>(Math.max(16, shortIds.size() * 2));
        int offset = 0;
        for (int i = 0; i < shortIds.size(); i++) {
            while (available[i + offset] != null) offset++;
            positions.put(shortIds.get(i), i + offset);
        }
        if (unevenBuckets(shortIds)) return ReadStatus.FAILED;
        // Two equal short ids: we could not tell which transaction goes where (Core then asks for the whole block).
        if (positions.size() != shortIds.size()) return ReadStatus.FAILED;

        ShortTxIds key = ShortTxIds.of(compact);
        boolean[] have = new boolean[count];
        for (Transaction tx : mempool) {
            Integer at = positions.get(key.shortId(tx.wtxid()));
            if (at != null) {
                if (!have[at]) {
                    available[at] = tx;
                    have[at] = true;
                    mempoolCount++;
                } else if (available[at] != null) {
                    // Two pool transactions share the short id: ask for it instead of guessing.
                    available[at] = null;
                    mempoolCount--;
                }
            }
            if (mempoolCount == positions.size()) break;
        }
        for (Transaction tx : extra) {
            if (mempoolCount == positions.size()) break;
            Integer at = positions.get(key.shortId(tx.wtxid()));
            if (at == null) continue;
            if (!have[at]) {
                available[at] = tx;
                have[at] = true;
                mempoolCount++;
                extraCount++;
            } else if (available[at] != null && !available[at].wtxid().equals(tx.wtxid())) {
                // The same transaction in the pool and the extra ring is no conflict; a different one is.
                available[at] = null;
                mempoolCount--;
                extraCount--;
            }
        }
        CMPCTBLOCK.debug("Initialized PartiallyDownloadedBlock for block {} using a cmpctblock of {} transactions",
                header.hash(), count);
        return ReadStatus.OK;
    }

    /**
     * Core's bucket-size guard, with the buckets of the map Core builds (libstdc++: as many buckets as the smallest
     * prime at least the number of short ids, a short id's bucket being its value modulo that count).
     */
    private static boolean unevenBuckets(List<Long> shortIds) {
        if (shortIds.size() <= MAX_SHORT_IDS_PER_BUCKET) return false;
        int buckets = nextPrime(shortIds.size());
        int[] load = new int[buckets];
        for (long id : shortIds) {
            if (++load[(int) Long.remainderUnsigned(id, buckets)] > MAX_SHORT_IDS_PER_BUCKET) return true;
        }
        return false;
    }

    private static int nextPrime(int n) {
        for (int candidate = Math.max(2, n); ; candidate++) {
            boolean prime = true;
            for (int d = 2; (long) d * d <= candidate; d++) {
                if (candidate % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) return candidate;
        }
    }

    /** Core's IsTxAvailable: position {@code index} is filled (prefilled or found in a pool). */
    public boolean isTxAvailable(int index) {
        return index >= 0 && index < available.length && available[index] != null;
    }

    /** The block's transaction count (Core's BlockTxCount), 0 before {@link #initData}. */
    public int transactionCount() {
        return available.length;
    }

    /** The positions still missing, in order: what a {@code getblocktxn} asks for. */
    public List<Integer> missingIndexes() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < available.length; i++) {
            if (available[i] == null) out.add(i);
        }
        return out;
    }

    /** True once {@link #fillBlock} ran (Core's null header): a second blocktxn for it is misbehaviour. */
    public boolean isSpent() {
        return initialised && header == null;
    }

    /**
     * Core's FillBlock: the missing positions take {@code missing} in order; too few or too many is
     * {@link ReadStatus#INVALID}; a block that comes out mutated (wrong merkle root or witness commitment) is
     * {@link ReadStatus#FAILED}, most likely a short-id collision.
     */
    public FillResult fillBlock(List<Transaction> missing, boolean segwitActive) {
        if (header == null) return new FillResult(ReadStatus.INVALID, Optional.empty());
        BlockHeader h = header;
        Transaction[] txs = Arrays.copyOf(available, available.length);
        header = null;
        available = new Transaction[0];
        int used = 0;
        for (int i = 0; i < txs.length; i++) {
            if (txs[i] == null) {
                if (used >= missing.size()) return new FillResult(ReadStatus.INVALID, Optional.empty());
                txs[i] = missing.get(used++);
            }
        }
        if (used != missing.size()) return new FillResult(ReadStatus.INVALID, Optional.empty());
        Block block = new Block(h, Arrays.asList(txs));
        if (BlockChecks.isBlockMutated(block, segwitActive)) {
            return new FillResult(ReadStatus.FAILED, Optional.empty());
        }
        CMPCTBLOCK.debug("Successfully reconstructed block {} with {} txn prefilled, {} txn from mempool (incl at least "
                + "{} from extra pool) and {} txn requested", h.hash(), prefilledCount, mempoolCount, extraCount,
                missing.size());
        return new FillResult(ReadStatus.OK, Optional.of(block));
    }
}
