package io.mooring.coins;

import io.mooring.script.Opcodes;
import io.mooring.script.Script;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A write-back cache over a {@link CoinsStore} (Core's {@code CCoinsViewCache}). Reads fall through to the base and
 * are kept; writes stay here until {@link #flush()}. Each entry carries Core's two flags: DIRTY (differs from the
 * base) and FRESH (the base has no unspent coin there, so spending it again here can simply forget it). Block
 * connection works on a cache stacked on the node's cache, so a failed block leaves nothing behind.
 *
 * <p>Not thread-safe: one chainstate thread owns it, as Core's cs_main does.
 */
public final class CoinsViewCache implements CoinsStore {
    /** Approximate heap bytes of a map entry with its key and flags (HashMap node, OutPoint, Hash256, Entry). */
    private static final long ENTRY_OVERHEAD = 32 + 24 + 48 + 24;

    private static final class Entry {
        Coin coin; // null: spent in this cache
        boolean dirty;
        boolean fresh;

        Entry(Coin coin) {
            this.coin = coin;
        }
    }

    private final CoinsStore base;
    private final Map<OutPoint, Entry> cache = new HashMap<>();
    private Hash256 bestBlock; // null: the base's
    private long coinsUsage;

    public CoinsViewCache(CoinsStore base) {
        this.base = java.util.Objects.requireNonNull(base, "base");
    }

    private Entry fetch(OutPoint outpoint) {
        Entry e = cache.get(outpoint);
        if (e != null) return e;
        Optional<Coin> c = base.getCoin(outpoint);
        if (c.isEmpty()) return null;
        e = new Entry(c.get());
        cache.put(outpoint, e);
        coinsUsage += c.get().dynamicMemoryUsage();
        return e;
    }

    @Override
    public Optional<Coin> getCoin(OutPoint outpoint) {
        Entry e = fetch(outpoint);
        return e == null || e.coin == null ? Optional.empty() : Optional.of(e.coin);
    }

    /** Whether this cache (not the base) holds an unspent coin at {@code outpoint}; never reads the base. */
    public boolean haveCoinInCache(OutPoint outpoint) {
        Entry e = cache.get(outpoint);
        return e != null && e.coin != null;
    }

    @Override
    public Hash256 bestBlock() {
        return bestBlock != null ? bestBlock : base.bestBlock();
    }

    public void setBestBlock(Hash256 hash) {
        this.bestBlock = java.util.Objects.requireNonNull(hash, "hash");
    }

    /**
     * Core's {@code AddCoin}. Outputs that can never be spent (OP_RETURN, or a script over 10,000 bytes) are not
     * stored.
     *
     * @param possibleOverwrite false if no unspent coin may be at {@code outpoint} (then the new coin can be FRESH);
     *                          true for coinbases before BIP34 and for undo, where Core allows it
     * @throws IllegalStateException if {@code possibleOverwrite} is false and an unspent coin is there
     */
    public void addCoin(OutPoint outpoint, Coin coin, boolean possibleOverwrite) {
        if (isUnspendable(coin.out())) return;
        Entry e = cache.get(outpoint);
        boolean inserted = e == null;
        if (inserted) {
            e = new Entry(null);
            cache.put(outpoint, e);
        }
        boolean fresh = false;
        if (!possibleOverwrite) {
            if (e.coin != null) {
                throw new IllegalStateException("attempted to overwrite an unspent coin at " + outpoint);
            }
            // A spent entry that is DIRTY has not told the base yet that the coin is gone: not FRESH then.
            fresh = !e.dirty;
        }
        if (e.coin != null) coinsUsage -= e.coin.dynamicMemoryUsage();
        e.coin = coin;
        coinsUsage += coin.dynamicMemoryUsage();
        e.dirty = true;
        if (fresh) e.fresh = true;
    }

    /** Core's {@code AddCoins}: every output of {@code tx} at {@code height}. */
    public void addCoins(Transaction tx, int height, boolean checkForOverwrite) {
        boolean coinbase = tx.isCoinbase();
        Hash256 txid = tx.txid();
        for (int i = 0; i < tx.outputs().size(); i++) {
            OutPoint op = new OutPoint(txid, i);
            boolean overwrite = checkForOverwrite ? haveCoin(op) : coinbase;
            addCoin(op, new Coin(tx.outputs().get(i), height, coinbase), overwrite);
        }
    }

    /**
     * Core's {@code SpendCoin}: removes the coin and returns it (for undo data).
     *
     * @return the spent coin, or empty if there was no unspent coin at {@code outpoint}
     */
    public Optional<Coin> spendCoin(OutPoint outpoint) {
        Entry e = fetch(outpoint);
        if (e == null || e.coin == null) return Optional.empty();
        Coin coin = e.coin;
        coinsUsage -= coin.dynamicMemoryUsage();
        if (e.fresh) {
            cache.remove(outpoint);
        } else {
            e.dirty = true;
            e.coin = null;
        }
        return Optional.of(coin);
    }

    /** Core's {@code HaveInputs}: every input's coin is unspent here. */
    public boolean haveInputs(Transaction tx) {
        if (tx.isCoinbase()) return true;
        for (TxIn in : tx.inputs()) {
            if (!haveCoin(in.prevout())) return false;
        }
        return true;
    }

    /** Core's {@code Uncache}: forgets an entry read from the base and not changed here, to bound memory. */
    public void uncache(OutPoint outpoint) {
        Entry e = cache.get(outpoint);
        if (e != null && !e.dirty && !e.fresh) {
            if (e.coin != null) coinsUsage -= e.coin.dynamicMemoryUsage();
            cache.remove(outpoint);
        }
    }

    /**
     * Merges a child cache's changes (Core's {@code CCoinsViewCache::BatchWrite}), keeping Core's invariants: a FRESH
     * child entry must not meet an unspent entry here, and a spend of an entry FRESH here simply forgets it.
     *
     * @throws IllegalStateException if a FRESH change meets an unspent coin here (a logic error in the caller)
     */
    @Override
    public void batchWrite(Map<OutPoint, Optional<Coin>> changes, Set<OutPoint> fresh, Hash256 bestBlock) {
        for (Map.Entry<OutPoint, Optional<Coin>> change : changes.entrySet()) {
            OutPoint op = change.getKey();
            Coin coin = change.getValue().orElse(null);
            boolean childFresh = fresh.contains(op);
            Entry parent = cache.get(op);
            if (parent == null) {
                // A FRESH coin the child created and spent again never has to reach us.
                if (childFresh && coin == null) continue;
                Entry e = new Entry(coin);
                e.dirty = true;
                e.fresh = childFresh;
                cache.put(op, e);
                if (coin != null) coinsUsage += coin.dynamicMemoryUsage();
            } else {
                if (childFresh && parent.coin != null) {
                    throw new IllegalStateException("FRESH flag misapplied to a coin that exists in the parent: " + op);
                }
                if (parent.coin != null) coinsUsage -= parent.coin.dynamicMemoryUsage();
                if (parent.fresh && coin == null) {
                    cache.remove(op);
                } else {
                    // Not FRESH here even if it was in the child: the base below us may know the outpoint.
                    parent.coin = coin;
                    parent.dirty = true;
                    if (coin != null) coinsUsage += coin.dynamicMemoryUsage();
                }
            }
        }
        this.bestBlock = bestBlock;
    }

    /**
     * Core's {@code Flush}: writes every DIRTY entry and the best block to the base in one batch and empties the
     * cache.
     */
    public void flush() {
        Map<OutPoint, Optional<Coin>> changes = new HashMap<>();
        Set<OutPoint> fresh = new HashSet<>();
        for (Map.Entry<OutPoint, Entry> e : cache.entrySet()) {
            Entry v = e.getValue();
            if (!v.dirty) continue;
            changes.put(e.getKey(), Optional.ofNullable(v.coin));
            if (v.fresh) fresh.add(e.getKey());
        }
        base.batchWrite(changes, fresh, bestBlock());
        cache.clear();
        coinsUsage = 0;
        bestBlock = null;
    }

    /** Number of entries held (Core's {@code GetCacheSize}), spent ones included. */
    public int cacheSize() {
        return cache.size();
    }

    /** Approximate heap bytes held, compared against {@code -dbcache} to decide when to flush. */
    public long dynamicMemoryUsage() {
        return cache.size() * ENTRY_OVERHEAD + coinsUsage;
    }

    /** Core's {@code CScript::IsUnspendable}: OP_RETURN first or longer than MAX_SCRIPT_SIZE. */
    public static boolean isUnspendable(TxOut out) {
        var s = out.scriptPubKey();
        return (s.length() > 0 && (s.get(0) & 0xff) == Opcodes.OP_RETURN) || s.length() > Script.MAX_SCRIPT_SIZE;
    }
}
