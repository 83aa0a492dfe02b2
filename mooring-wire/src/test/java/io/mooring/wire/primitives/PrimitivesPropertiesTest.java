package io.mooring.wire.primitives;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrimitivesPropertiesTest {

    static Arbitrary<Bytes> bytes(int maxLength) {
        // Mostly short; sometimes past the one-byte CompactSize boundary (252).
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(8, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(250).ofMaxSize(maxLength)))
                .map(Bytes::wrap);
    }

    static Arbitrary<Hash256> hashes() {
        return Arbitraries.longs().list().ofSize(4).map(l -> new Hash256(l.get(0), l.get(1), l.get(2), l.get(3)));
    }

    static Arbitrary<Long> uint32() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    static Arbitrary<TxIn> inputs(boolean witness) {
        Arbitrary<List<Bytes>> stacks = witness
                ? bytes(600).list().ofMaxSize(4)
                : Arbitraries.just(List.of());
        return Combinators.combine(hashes(), uint32(), bytes(300), uint32(), stacks)
                .as((h, n, script, seq, stack) -> new TxIn(new OutPoint(h, n), script, seq, stack));
    }

    static Arbitrary<TxOut> outputs() {
        return Combinators.combine(Arbitraries.longs(), bytes(300)).as(TxOut::new);
    }

    @Provide
    static Arbitrary<Transaction> transactions() {
        return Arbitraries.of(true, false).flatMap(witness -> Combinators.combine(
                Arbitraries.integers(),
                inputs(witness).list().ofMinSize(1).ofMaxSize(4),
                outputs().list().ofMaxSize(4),
                uint32()).as(Transaction::new));
    }

    @Provide
    static Arbitrary<Block> blocks() {
        Arbitrary<BlockHeader> headers = Combinators.combine(Arbitraries.integers(), hashes(), hashes(), uint32(),
                uint32(), uint32()).as(BlockHeader::new);
        return Combinators.combine(headers, transactions().list().ofMaxSize(5)).as(Block::new);
    }

    @Property(tries = 300)
    void transactionRoundTripsThroughItsEncoding(@ForAll("transactions") Transaction tx) throws Exception {
        byte[] encoded = tx.serialize();
        assertThat(encoded).hasSize(tx.totalSize());
        WireReader r = new WireReader(encoded);
        Transaction back = Transaction.read(r);
        assertThat(r.remaining()).isZero();
        assertThat(back).isEqualTo(tx).hasSameHashCodeAs(tx);
        assertThat(back.hasWitness()).isEqualTo(tx.hasWitness());
        assertThat(back.totalSize()).isEqualTo(tx.totalSize());
        assertThat(back.strippedSize()).isEqualTo(tx.strippedSize());
        assertThat(back.weight()).isEqualTo(tx.weight());
        assertThat(back.txid()).isEqualTo(tx.txid());
        assertThat(back.wtxid()).isEqualTo(tx.wtxid());
    }

    @Property(tries = 300)
    void decodingThenEncodingGivesTheSameBytes(@ForAll("transactions") Transaction tx) throws Exception {
        byte[] encoded = tx.serialize();
        assertThat(Transaction.read(new WireReader(encoded)).serialize()).isEqualTo(encoded);
    }

    @Property(tries = 300)
    void txidHashesTheLegacyEncodingAndWtxidTheFullOne(@ForAll("transactions") Transaction tx) throws Exception {
        WireWriter w = new WireWriter();
        tx.writeWithoutWitness(w);
        assertThat(w.size()).isEqualTo(tx.strippedSize());
        assertThat(tx.txid()).isEqualTo(io.mooring.wire.Hashes.sha256d(w.toByteArray()));
        assertThat(tx.wtxid()).isEqualTo(io.mooring.wire.Hashes.sha256d(tx.serialize()));
        Transaction legacy = Transaction.read(new WireReader(w.toByteArray()));
        assertThat(legacy.hasWitness()).isFalse();
        assertThat(legacy.txid()).isEqualTo(tx.txid());
        assertThat(tx.weight()).isEqualTo(3 * tx.strippedSize() + tx.totalSize());
    }

    @Property(tries = 100)
    void blockRoundTripsThroughItsEncoding(@ForAll("blocks") Block block) throws Exception {
        byte[] encoded = block.serialize();
        assertThat(encoded).hasSize(block.totalSize());
        Block back = Vectors.block(encoded);
        assertThat(back).isEqualTo(block);
        assertThat(back.serialize()).isEqualTo(encoded);
        assertThat(back.weight()).isEqualTo(block.weight());
        assertThat(Merkle.blockMerkleRoot(back)).isEqualTo(Merkle.blockMerkleRoot(block));
    }

    @Provide
    static Arbitrary<List<Hash256>> txidLists() {
        return Arbitraries.integers().between(1, 300).flatMap(n -> hashes().list().ofSize(n).uniqueElements());
    }

    @Property(tries = 300)
    void partialMerkleTreeRecoversTheMatchesAndTheRoot(@ForAll("txidLists") List<Hash256> txids,
                                                       @ForAll long seed) throws Exception {
        java.util.Random random = new java.util.Random(seed);
        int mode = random.nextInt(4); // none, all, sparse, dense
        boolean[] matches = new boolean[txids.size()];
        List<Hash256> expected = new ArrayList<>();
        List<Integer> expectedPositions = new ArrayList<>();
        for (int i = 0; i < matches.length; i++) {
            matches[i] = switch (mode) {
                case 0 -> false;
                case 1 -> true;
                case 2 -> random.nextInt(20) == 0;
                default -> random.nextBoolean();
            };
            if (matches[i]) {
                expected.add(txids.get(i));
                expectedPositions.add(i);
            }
        }
        PartialMerkleTree tree = PartialMerkleTree.build(txids, matches);
        WireWriter w = new WireWriter();
        tree.write(w);
        WireReader r = new WireReader(w.toByteArray());
        PartialMerkleTree back = PartialMerkleTree.read(r);
        assertThat(r.remaining()).isZero();
        assertThat(back).isEqualTo(tree);

        List<Hash256> found = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        assertThat(back.extractMatches(found, positions)).isEqualTo(Merkle.root(txids, null));
        assertThat(found).isEqualTo(expected);
        assertThat(positions).isEqualTo(expectedPositions);
        assertThat(back.hashes().size()).isLessThanOrEqualTo(txids.size());
    }
}
