package io.mooring.wire.primitives;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

class PartialMerkleTreeTest {
    private static List<Hash256> txids(Block block) {
        List<Hash256> txids = new ArrayList<>();
        block.transactions().forEach(tx -> txids.add(tx.txid()));
        return txids;
    }

    @Test
    void matchingOneTransactionOfARealBlockGivesTheHeaderRoot() throws Exception {
        Block block = Vectors.block("bitcoinj-block169482.dat");
        List<Hash256> txids = txids(block);
        boolean[] matches = new boolean[txids.size()];
        matches[7] = true;
        PartialMerkleTree tree = PartialMerkleTree.build(txids, matches);
        List<Hash256> found = new ArrayList<>();
        assertThat(tree.extractMatches(found)).isEqualTo(block.header().merkleRoot());
        assertThat(found).containsExactly(txids.get(7));
        // 14 leaves: height 4; one match needs far fewer hashes than transactions
        assertThat(tree.hashes().size()).isLessThan(txids.size());
    }

    @Test
    void malformedTreesGiveNullAndNoMatches() throws Exception {
        Block block = Vectors.block("bitcoinj-block169482.dat");
        List<Hash256> txids = txids(block);
        boolean[] matches = new boolean[txids.size()];
        matches[3] = true;
        PartialMerkleTree good = PartialMerkleTree.build(txids, matches);
        List<Hash256> out = new ArrayList<>(List.of(Hash256.ZERO));

        assertThat(new PartialMerkleTree(0, List.of(), Bytes.EMPTY).extractMatches(out)).isNull();
        assertThat(out).isEmpty();
        // a hash too few, a hash too many
        List<Hash256> fewer = good.hashes().subList(0, good.hashes().size() - 1);
        assertThat(new PartialMerkleTree(good.totalTransactions(), fewer, good.flags()).extractMatches(out)).isNull();
        List<Hash256> more = new ArrayList<>(good.hashes());
        more.add(Hash256.ZERO);
        assertThat(new PartialMerkleTree(good.totalTransactions(), more, good.flags()).extractMatches(out)).isNull();
        assertThat(out).isEmpty();
        // an extra flag byte is unused
        byte[] flags = new byte[good.flags().length() + 1];
        good.flags().copyTo(flags, 0);
        assertThat(new PartialMerkleTree(good.totalTransactions(), good.hashes(), Bytes.wrap(flags))
                .extractMatches(out)).isNull();
        // no flags at all, more transactions than Core allows, more hashes than transactions
        assertThat(new PartialMerkleTree(good.totalTransactions(), good.hashes(), Bytes.EMPTY).extractMatches(out)).isNull();
        assertThat(new PartialMerkleTree(PartialMerkleTree.MAX_TRANSACTIONS + 1, good.hashes(), good.flags())
                .extractMatches(out)).isNull();
        assertThat(new PartialMerkleTree(2, good.hashes(), good.flags()).extractMatches(out)).isNull();
        assertThat(out).isEmpty();
        // the good one still works
        assertThat(good.extractMatches(out)).isEqualTo(block.header().merkleRoot());
    }

    @Test
    void identicalSiblingsAreRejectedAsCve20122459() {
        Hash256 a = Hash256.fromHex("11".repeat(32));
        // Two transactions, both matched: flags 1,1,1 (root, left leaf, right leaf), both hashes equal.
        PartialMerkleTree tree = new PartialMerkleTree(2, List.of(a, a), Bytes.wrap(new byte[]{0b111}));
        assertThat(tree.extractMatches(new ArrayList<>())).isNull();
        PartialMerkleTree fine = PartialMerkleTree.build(List.of(a, Hash256.ZERO), new boolean[]{true, true});
        assertThat(fine.flags()).isEqualTo(Bytes.wrap(new byte[]{0b111}));
        assertThat(fine.extractMatches(new ArrayList<>())).isEqualTo(Merkle.hashPair(a, Hash256.ZERO));
    }

    @Test
    void buildRejectsEmptyAndMismatchedInput() {
        assertThatIllegalArgumentException().isThrownBy(() -> PartialMerkleTree.build(List.of(), new boolean[0]));
        assertThatIllegalArgumentException().isThrownBy(
                () -> PartialMerkleTree.build(List.of(Hash256.ZERO), new boolean[2]));
    }

    @Test
    void forgedHashCountIsTruncatedBeforeAllocating() {
        byte[] bytes = HexFormat.of().parseHex("0a000000" + "feffffff01" + "00".repeat(40));
        Throwable t = catchThrowable(() -> PartialMerkleTree.read(new WireReader(bytes)));
        assertThat(t).isInstanceOf(ProtocolException.class);
        assertThat(((ProtocolException) t).error()).isEqualTo(ProtocolError.TRUNCATED);
    }
}
