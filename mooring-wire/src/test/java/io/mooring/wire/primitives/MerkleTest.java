package io.mooring.wire.primitives;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MerkleTest {
    private static Hash256 h(int i) {
        return Hashes.sha256d(new byte[]{(byte) i, (byte) (i >> 8)});
    }

    @Test
    void emptyListHasZeroRootAndSingleLeafIsItsOwnRoot() {
        boolean[] mutated = {true};
        assertThat(Merkle.root(List.of(), mutated)).isEqualTo(Hash256.ZERO);
        assertThat(mutated[0]).isFalse();
        assertThat(Merkle.root(List.of(h(1)), mutated)).isEqualTo(h(1));
        assertThat(mutated[0]).isFalse();
    }

    @Test
    void oddLevelsRepeatTheLastHash() {
        Hash256 ab = Merkle.hashPair(h(1), h(2));
        Hash256 cc = Merkle.hashPair(h(3), h(3));
        assertThat(Merkle.root(List.of(h(1), h(2), h(3)), null)).isEqualTo(Merkle.hashPair(ab, cc));
    }

    @Test
    void duplicatedLastTransactionsReportMutationWithTheSameRoot() throws Exception {
        Block block = Vectors.block("bitcoinj-block169482.dat"); // 14 transactions
        List<Transaction> txs = new ArrayList<>(block.transactions());
        // 14 -> 16: repeat the last two; the level above 14 leaves has 7 nodes, so the 7th is repeated there too.
        txs.add(txs.get(12));
        txs.add(txs.get(13));
        Block forged = new Block(block.header(), txs);
        boolean[] mutated = {false};
        assertThat(Merkle.blockMerkleRoot(forged, mutated)).isEqualTo(block.header().merkleRoot());
        assertThat(mutated[0]).isTrue();
        assertThat(forged.hash()).isEqualTo(block.hash());

        boolean[] original = {true};
        Merkle.blockMerkleRoot(block, original);
        assertThat(original[0]).isFalse();
    }

    @Test
    void oddCountWithDuplicatedLastTransactionIsMutated() throws Exception {
        Block block = Vectors.block("bitcoinj-block_testnet700000.dat"); // 4 transactions
        List<Hash256> txids = new ArrayList<>();
        block.transactions().forEach(tx -> txids.add(tx.txid()));
        List<Hash256> three = txids.subList(0, 3);
        List<Hash256> four = List.of(txids.get(0), txids.get(1), txids.get(2), txids.get(2));
        boolean[] m3 = {true};
        boolean[] m4 = {false};
        assertThat(Merkle.root(four, m4)).isEqualTo(Merkle.root(three, m3));
        assertThat(m3[0]).isFalse();
        assertThat(m4[0]).isTrue();
    }

    private static Block withTransaction(Block block, int index, Transaction tx) {
        List<Transaction> txs = new ArrayList<>(block.transactions());
        txs.set(index, tx);
        return new Block(block.header(), txs);
    }

    private static Transaction withInput(Transaction tx, int index, TxIn in) {
        List<TxIn> ins = new ArrayList<>(tx.inputs());
        ins.set(index, in);
        return new Transaction(tx.version(), ins, tx.outputs(), tx.lockTime());
    }

    @Test
    void alteringAWitnessBreaksTheCommitmentButNotTheMerkleRoot() throws Exception {
        Block block = Vectors.testnetBlock(926485);
        Transaction tx = block.transactions().get(1);
        int j = 0;
        while (!tx.inputs().get(j).hasWitness()) j++;
        List<Bytes> stack = new ArrayList<>(tx.inputs().get(j).witness());
        int k = stack.size() - 1; // the last item (script or key); earlier ones may be empty
        byte[] item = stack.get(k).toArray();
        item[item.length - 1] ^= 1;
        stack.set(k, Bytes.wrap(item));
        Transaction altered = withInput(tx, j, tx.inputs().get(j).withWitness(stack));
        assertThat(altered.txid()).isEqualTo(tx.txid());
        assertThat(altered.wtxid()).isNotEqualTo(tx.wtxid());
        Block forged = withTransaction(block, 1, altered);

        assertThat(Merkle.blockMerkleRoot(forged)).isEqualTo(block.header().merkleRoot());
        assertThat(forged.hash()).isEqualTo(block.hash());
        assertThat(Merkle.witnessMerkleRoot(forged)).isNotEqualTo(Merkle.witnessMerkleRoot(block));
        assertThat(Merkle.hasValidWitnessCommitment(block)).isTrue();
        assertThat(Merkle.hasValidWitnessCommitment(forged)).isFalse();
    }

    @Test
    void addingAWitnessToALegacyTransactionBreaksTheCommitmentButNotTheMerkleRoot() throws Exception {
        Block block = Vectors.block("bitcoinj-block481829.dat");
        Transaction tx = block.transactions().get(1000);
        assertThat(tx.hasWitness()).isFalse();
        Transaction altered = withInput(tx, 0, tx.inputs().get(0).withWitness(List.of(Bytes.fromHex("01"))));
        Block forged = withTransaction(block, 1000, altered);
        assertThat(Merkle.blockMerkleRoot(forged)).isEqualTo(block.header().merkleRoot());
        assertThat(Merkle.hasValidWitnessCommitment(forged)).isFalse();
    }

    @Test
    void changingTheCoinbaseReservedValueBreaksTheCommitmentButNotTheWitnessRoot() throws Exception {
        Block block = Vectors.block("bitcoinj-block481829.dat");
        Transaction cb = block.transactions().get(0);
        byte[] reserved = new byte[32];
        reserved[0] = 1;
        Block forged = withTransaction(block, 0, withInput(cb, 0, cb.inputs().get(0).withWitness(List.of(Bytes.wrap(reserved)))));
        assertThat(Merkle.blockMerkleRoot(forged)).isEqualTo(block.header().merkleRoot());
        assertThat(Merkle.witnessMerkleRoot(forged)).isEqualTo(Merkle.witnessMerkleRoot(block));
        assertThat(Merkle.hasValidWitnessCommitment(forged)).isFalse();
    }

    @Test
    void witnessWithoutCommitmentIsInvalidAndCommitmentWithoutReservedValueIsInvalid() throws Exception {
        Block block = Vectors.block("bitcoinj-block481829.dat");
        List<Transaction> txs = new ArrayList<>(block.transactions());
        Transaction cb = txs.get(0);

        // Drop the commitment output: witness data is then unexpected.
        List<TxOut> outs = new ArrayList<>(cb.outputs());
        outs.remove(Merkle.witnessCommitmentIndex(block));
        txs.set(0, new Transaction(cb.version(), cb.inputs(), outs, cb.lockTime()));
        Block noCommitment = new Block(block.header(), txs);
        assertThat(Merkle.witnessCommitment(noCommitment)).isEmpty();
        assertThat(Merkle.hasValidWitnessCommitment(noCommitment)).isFalse();

        // Keep the commitment but remove the coinbase's witness reserved value.
        txs.set(0, new Transaction(cb.version(), List.of(cb.inputs().get(0).withWitness(List.of())), cb.outputs(),
                cb.lockTime()));
        assertThat(Merkle.hasValidWitnessCommitment(new Block(block.header(), txs))).isFalse();

        // A pre-segwit block with neither is valid; so is a block with no transactions at all.
        assertThat(Merkle.hasValidWitnessCommitment(Vectors.block("bitcoinj-block169482.dat"))).isTrue();
        assertThat(Merkle.hasValidWitnessCommitment(new Block(block.header(), List.of()))).isTrue();
    }

    @Test
    void theLastMatchingOutputIsTheCommitment() throws Exception {
        Block block = Vectors.block("bitcoinj-block481829.dat");
        Transaction cb = block.transactions().get(0);
        int index = Merkle.witnessCommitmentIndex(block);
        byte[] decoy = cb.outputs().get(index).scriptPubKey().toArray();
        decoy[10] ^= 1;
        List<TxOut> outs = new ArrayList<>(cb.outputs());
        outs.add(0, new TxOut(0, cb.outputs().get(index).scriptPubKey())); // earlier copy: ignored
        outs.add(new TxOut(0, Bytes.wrap(decoy)));                           // later one wins
        outs.add(new TxOut(0, Bytes.fromHex("6a24aa21a9ed")));               // too short: ignored
        List<Transaction> txs = new ArrayList<>(block.transactions());
        txs.set(0, new Transaction(cb.version(), cb.inputs(), outs, cb.lockTime()));
        Block changed = new Block(block.header(), txs);
        assertThat(Merkle.witnessCommitmentIndex(changed)).isEqualTo(outs.size() - 2);
        assertThat(Merkle.hasValidWitnessCommitment(changed)).isFalse();
    }
}
