package io.mooring.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.message.BlockMessage;
import io.mooring.wire.message.CmpctBlockMessage;
import io.mooring.wire.message.ShortTxIds;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Merkle;
import io.mooring.wire.primitives.OutPoint;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxIn;
import io.mooring.wire.primitives.TxOut;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The seed's BIP152 success criterion: a block of 2,000 transactions that the receiver already holds costs far less
 * on the wire as a compact block than in full, and rebuilds from the pool without asking for anything. Sizes are
 * exact frame sizes (v1 envelope), printed so docs/benchmarks.md can quote them.
 */
class CompactBlockBandwidthTest {
    static final int MAGIC = 0xFABFB5DA;

    /**
     * A P2PKH-shaped spend (226 bytes, the typical legacy payment): a 72-byte signature and a 33-byte key in the
     * scriptSig, two 25-byte outputs. No witness, so the test block needs no witness commitment.
     */
    static Transaction p2pkhSpend(SplittableRandom random) {
        byte[] prev = new byte[32];
        random.nextBytes(prev);
        byte[] sig = new byte[72];
        random.nextBytes(sig);
        byte[] key = new byte[33];
        random.nextBytes(key);
        byte[] program = new byte[25];
        random.nextBytes(program);
        byte[] scriptSig = new byte[1 + sig.length + 1 + key.length];
        scriptSig[0] = (byte) sig.length;
        System.arraycopy(sig, 0, scriptSig, 1, sig.length);
        scriptSig[1 + sig.length] = (byte) key.length;
        System.arraycopy(key, 0, scriptSig, 2 + sig.length, key.length);
        TxIn in = new TxIn(new OutPoint(Hash256.fromInternal(prev), 0), Bytes.wrap(scriptSig), 0xfffffffdL);
        return new Transaction(2, List.of(in), List.of(new TxOut(10_000, Bytes.wrap(program)),
                new TxOut(20_000, Bytes.wrap(program))), 0);
    }

    static Transaction coinbase() {
        return new Transaction(2, List.of(new TxIn(new OutPoint(Hash256.ZERO, OutPoint.NULL_INDEX),
                Bytes.wrap(new byte[] {1, 2}), TxIn.SEQUENCE_FINAL)), List.of(new TxOut(50, Bytes.EMPTY)), 0);
    }

    @Test
    void aTwoThousandTransactionBlockTheReceiverHoldsCostsUnderOneTenthAsACompactBlock() {
        SplittableRandom random = new SplittableRandom(152);
        List<Transaction> txs = new ArrayList<>();
        txs.add(coinbase());
        for (int i = 0; i < 2_000; i++) txs.add(p2pkhSpend(random));
        Hash256 root = Merkle.blockMerkleRoot(new Block(
                new BlockHeader(0x20000000, Hash256.ZERO, Hash256.ZERO, 0, 0x207fffff, 0), txs));
        Block block = new Block(new BlockHeader(0x20000000, Hash256.ZERO, root, 1_700_000_000L, 0x207fffff, 0), txs);

        CmpctBlockMessage compact = ShortTxIds.compactBlock(block, random.nextLong(), 2);
        int full = V1Envelope.encode(MAGIC, new BlockMessage(block)).length;
        int small = V1Envelope.encode(MAGIC, compact).length;
        double saving = 1.0 - (double) small / full;
        System.out.printf("BIP152 2,000-tx block: full %d bytes, cmpctblock %d bytes, saving %.2f%%%n", full, small,
                saving * 100);
        assertThat(saving).isGreaterThan(0.90);

        // The receiver's pool holds every transaction: nothing is missing, the block comes out whole and unmutated.
        PartiallyDownloadedBlock partial = new PartiallyDownloadedBlock();
        assertThat(partial.initData(compact, txs.subList(1, txs.size()), List.of()))
                .isEqualTo(PartiallyDownloadedBlock.ReadStatus.OK);
        assertThat(partial.missingIndexes()).isEmpty();
        PartiallyDownloadedBlock.FillResult filled = partial.fillBlock(List.of(), false);
        assertThat(filled.status()).isEqualTo(PartiallyDownloadedBlock.ReadStatus.OK);
        assertThat(filled.block().orElseThrow().hash()).isEqualTo(block.hash());
        assertThat(filled.block().orElseThrow().transactions()).isEqualTo(txs);
    }

    @Test
    void duplicateShortIdsFailAndAPrefilledIndexPastTheEndIsInvalid() {
        SplittableRandom random = new SplittableRandom(7);
        Transaction coinbase = coinbase();
        BlockHeader header = new BlockHeader(0x20000000, Hash256.ZERO, Hash256.ZERO, 1, 0x207fffff, 0);
        CmpctBlockMessage duplicate = new CmpctBlockMessage(header, 1, List.of(5L, 5L),
                List.of(new io.mooring.wire.message.PrefilledTransaction(0, coinbase)));
        assertThat(new PartiallyDownloadedBlock().initData(duplicate, List.of(), List.of()))
                .isEqualTo(PartiallyDownloadedBlock.ReadStatus.FAILED);
        CmpctBlockMessage pastTheEnd = new CmpctBlockMessage(header, 1, List.of(5L),
                List.of(new io.mooring.wire.message.PrefilledTransaction(3, p2pkhSpend(random))));
        assertThat(new PartiallyDownloadedBlock().initData(pastTheEnd, List.of(), List.of()))
                .isEqualTo(PartiallyDownloadedBlock.ReadStatus.INVALID);
        CmpctBlockMessage empty = new CmpctBlockMessage(header, 1, List.of(), List.of());
        assertThat(new PartiallyDownloadedBlock().initData(empty, List.of(), List.of()))
                .isEqualTo(PartiallyDownloadedBlock.ReadStatus.INVALID);
    }
}
