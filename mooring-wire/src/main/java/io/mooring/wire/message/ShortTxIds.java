package io.mooring.wire.message;

import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.SipHash;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Transaction;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * BIP152 short transaction ids for one compact block (Core's {@code CBlockHeaderAndShortTxIDs::FillShortTxIDSelector}
 * and {@code GetShortID}). The SipHash key is {@code k = SHA256(header || nonce as uint64 LE)},
 * {@code k0 = k[0..8)} and {@code k1 = k[8..16)} read little-endian; a short id is the low 48 bits of
 * SipHash-2-4(k0, k1, tx hash in internal byte order). Compact block version 1 hashes the txid, version 2 the wtxid.
 */
public record ShortTxIds(long k0, long k1) {
    /** The 48 bits a short id keeps. */
    public static final long MASK = 0xffff_ffff_ffffL;

    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The key for the block {@code header} and the sender's {@code nonce}. */
    public static ShortTxIds of(BlockHeader header, long nonce) {
        byte[] preimage = new byte[BlockHeader.SIZE + 8];
        System.arraycopy(header.serialize(), 0, preimage, 0, BlockHeader.SIZE);
        LE_LONG.set(preimage, BlockHeader.SIZE, nonce);
        byte[] k = Hashes.sha256(preimage);
        return new ShortTxIds((long) LE_LONG.get(k, 0), (long) LE_LONG.get(k, 8));
    }

    /** The key a receiver uses to match the short ids of {@code message}. */
    public static ShortTxIds of(CmpctBlockMessage message) {
        return of(message.header(), message.nonce());
    }

    /** The short id of a transaction, given its txid (version 1) or wtxid (version 2). */
    public long shortId(Hash256 txHash) {
        return SipHash.hash(k0, k1, txHash) & MASK;
    }

    /** The short id of {@code tx} under compact block {@code version} (1: txid, 2: wtxid). */
    public long shortId(Transaction tx, int version) {
        return shortId(hashFor(tx, version));
    }

    /**
     * Builds the {@code cmpctblock} Core sends for {@code block}: the coinbase prefilled at index 0, every other
     * transaction as a short id, in block order.
     *
     * @param version compact block version: 1 (short ids from txids) or 2 (from wtxids, BIP152 with segwit)
     */
    public static CmpctBlockMessage compactBlock(Block block, long nonce, int version) {
        checkVersion(version);
        List<Transaction> txs = block.transactions();
        if (txs.isEmpty()) throw new IllegalArgumentException("a block has at least a coinbase");
        ShortTxIds ids = of(block.header(), nonce);
        List<Long> shortIds = new ArrayList<>(txs.size() - 1);
        for (int i = 1; i < txs.size(); i++) {
            shortIds.add(ids.shortId(txs.get(i), version));
        }
        return new CmpctBlockMessage(block.header(), nonce, shortIds,
                List.of(new PrefilledTransaction(0, txs.get(0))));
    }

    private static Hash256 hashFor(Transaction tx, int version) {
        checkVersion(version);
        return version == 1 ? tx.txid() : tx.wtxid();
    }

    private static void checkVersion(int version) {
        if (version != 1 && version != 2) throw new IllegalArgumentException("compact block version 1 or 2: " + version);
    }
}
