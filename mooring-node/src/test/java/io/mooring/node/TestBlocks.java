package io.mooring.node;

import io.mooring.chain.ChainParams;
import io.mooring.chain.Pow;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Minimal valid regtest blocks for tests: a BIP34 coinbase paying to OP_TRUE, merkle root, ground nonce. */
final class TestBlocks {
    private TestBlocks() {
    }

    /** Core's CScript() << height, then OP_0 so the script is at least two bytes. */
    static Bytes coinbaseScript(int height, long extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (height == 0) {
            out.write(0x00);
        } else if (height <= 16) {
            out.write(0x50 + height);
        } else {
            byte[] num = new byte[5];
            int n = 0;
            long v = height;
            while (v > 0) {
                num[n++] = (byte) v;
                v >>>= 8;
            }
            if ((num[n - 1] & 0x80) != 0) num[n++] = 0;
            out.write(n);
            out.write(num, 0, n);
        }
        out.write(0x08);
        for (int i = 0; i < 8; i++) out.write((int) (extra >>> (8 * i)));
        return Bytes.wrap(out.toByteArray());
    }

    static Block mine(ChainParams params, Hash256 prev, int height, long time, long extra) {
        Transaction coinbase = new Transaction(2,
                List.of(new TxIn(new OutPoint(Hash256.ZERO, OutPoint.NULL_INDEX), coinbaseScript(height, extra),
                        TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(50_0000_0000L >> (height / params.consensus().subsidyHalvingInterval()),
                        Bytes.wrap(new byte[] {0x51}))), 0);
        long bits = params.powLimitCompact();
        for (long nonce = 0; ; nonce++) {
            BlockHeader header = new BlockHeader(0x20000000, prev, coinbase.txid(), time, bits, nonce);
            if (Pow.checkProofOfWork(header.hash(), bits, params.powLimit())) {
                return new Block(header, List.of(coinbase));
            }
        }
    }

    /** A block with {@code txs} after the coinbase (no witnesses, so no commitment is needed), mined on regtest. */
    static Block mineWith(ChainParams params, Hash256 prev, int height, long time, long extra, List<Transaction> txs) {
        Transaction coinbase = mine(params, prev, height, time, extra).transactions().get(0);
        List<Transaction> all = new java.util.ArrayList<>();
        all.add(coinbase);
        all.addAll(txs);
        long bits = params.powLimitCompact();
        Hash256 root = io.mooring.wire.primitives.Merkle.blockMerkleRoot(
                new Block(new BlockHeader(0x20000000, prev, Hash256.ZERO, time, bits, 0), all), new boolean[1]);
        for (long nonce = 0; ; nonce++) {
            BlockHeader header = new BlockHeader(0x20000000, prev, root, time, bits, nonce);
            if (Pow.checkProofOfWork(header.hash(), bits, params.powLimit())) return new Block(header, all);
        }
    }

    /** A transaction that passes the context-free checks (Mooring validates no scripts or coins). */
    static Transaction spend(long seed) {
        byte[] prev = new byte[32];
        for (int i = 0; i < 8; i++) prev[i] = (byte) (seed >>> (8 * i));
        prev[31] = 1;
        return new Transaction(2, List.of(new TxIn(new OutPoint(Hash256.fromInternal(prev), 0), Bytes.wrap(new byte[] {0x51}),
                TxIn.SEQUENCE_FINAL)), List.of(new TxOut(1_000, Bytes.wrap(new byte[] {0x51}))), 0);
    }
}
