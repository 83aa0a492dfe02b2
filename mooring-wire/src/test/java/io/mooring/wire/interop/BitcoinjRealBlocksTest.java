package io.mooring.wire.interop;

import static io.mooring.wire.interop.Bitcoinj.mo;
import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import io.mooring.wire.message.BlockMessage;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.Merkle;
import io.mooring.wire.primitives.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.NetworkParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real blocks (shared/vectors/blocks, copied into the primitives test resources) and the genesis blocks of every
 * network, decoded by both implementations: header fields, block hash, every txid and wtxid, the merkle and witness
 * roots agree, and both re-serialise the exact bytes.
 */
@SuppressWarnings("deprecation") // bitcoinj 0.17 Block builder and time getter
class BitcoinjRealBlocksTest {
    private static byte[] resource(String name) {
        try (InputStream in = BitcoinjRealBlocksTest.class.getResourceAsStream("/io/mooring/wire/primitives/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both decode {@code raw}; everything comparable must agree, and both must give back {@code raw}. */
    private static void assertBothAgree(byte[] raw) throws Exception {
        WireReader r = new WireReader(raw);
        Block m = Block.read(r);
        assertThat(r.remaining()).isZero();
        org.bitcoinj.core.Block b = org.bitcoinj.core.Block.read(ByteBuffer.wrap(raw));

        Bitcoinj.assertSameBlock(m, b); // header fields, hash, each transaction field by field with txid and wtxid
        assertThat(m.serialize()).isEqualTo(raw);
        assertThat(b.serialize()).isEqualTo(raw);

        Hash256 merkle = Merkle.blockMerkleRoot(m);
        assertThat(merkle).isEqualTo(m.header().merkleRoot());
        // bitcoinj computes the root itself when a block is built without one.
        org.bitcoinj.core.Block rebuilt = new org.bitcoinj.core.Block(b.getVersion(), b.getPrevBlockHash(), null,
                b.getTimeSeconds(), b.getDifficultyTarget(), b.getNonce(), b.getTransactions());
        assertThat(mo(rebuilt.getMerkleRoot())).isEqualTo(merkle);
        if (m.transactions().stream().anyMatch(Transaction::hasWitness)) {
            assertThat(mo(b.getWitnessRoot())).isEqualTo(Merkle.witnessMerkleRoot(m));
        }

        // And as a whole frame: bitcoinj's serializer framing, Mooring's envelope decoding, and the reverse.
        assertThat(((BlockMessage) Bitcoinj.toMooring(b)).block()).isEqualTo(m);
        assertThat(((org.bitcoinj.core.Block) Bitcoinj.toBitcoinj(new BlockMessage(m))).serialize()).isEqualTo(raw);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "bitcoinj-block169482.dat, 0000000000000756935f1ee9d5987857b604046f846d3df56d024cdb5f368665",
            "bitcoinj-block481829.dat, 000000000000000000917cba69f69b758fe396c8e30ae97bbcf08c4eb975e726",
            "bitcoinj-block_testnet21066.dat, 0000000004053156021d8e42459d284220a7f6e087bf78f30179c3703ca4eefa",
            "bitcoinj-block_testnet32768.dat, 000000007590ba495b58338a5806c2b6f10af921a70dbd814e0da3c6957c0c03",
            "bitcoinj-block_testnet700000.dat, 000000000000406178b12a4dea3b27e13b3c4fe4510994fd667d7c1e6a3f4dc1",
    })
    void realBlockDecodesIdenticallyInBothImplementations(String file, String hash) throws Exception {
        byte[] raw = resource(file);
        assertBothAgree(raw);
        assertThat(org.bitcoinj.core.Block.read(ByteBuffer.wrap(raw)).getHashAsString()).isEqualTo(hash);
    }

    @Test
    void first439MainnetBlocksDecodeIdenticallyInBothImplementations() throws Exception {
        ByteBuffer buf = ByteBuffer.wrap(resource("bitcoinj-first-100k-blocks.dat")).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> blocks = new ArrayList<>();
        while (buf.hasRemaining()) {
            assertThat(buf.getInt()).isEqualTo(0xd9b4bef9);
            byte[] raw = new byte[buf.getInt()];
            buf.get(raw);
            blocks.add(raw);
        }
        assertThat(blocks).hasSize(439);
        for (byte[] raw : blocks) assertBothAgree(raw);
        // Block 0 of the file is bitcoinj's own mainnet genesis block.
        assertThat(NetworkParameters.of(BitcoinNetwork.MAINNET).getGenesisBlock().serialize()).isEqualTo(blocks.get(0));
    }

    @ParameterizedTest
    @EnumSource(BitcoinNetwork.class)
    void genesisBlockOfEveryNetworkDecodesIdenticallyInBothImplementations(BitcoinNetwork network) throws Exception {
        org.bitcoinj.core.Block genesis = NetworkParameters.of(network).getGenesisBlock();
        byte[] raw = genesis.serialize();
        assertBothAgree(raw);
        Block m = Block.read(new WireReader(raw));
        assertThat(m.header().prevBlock()).isEqualTo(Hash256.ZERO);
        assertThat(m.transactions()).hasSize(1);
        assertThat(m.transactions().get(0).isCoinbase()).isTrue();
        assertThat(m.hash()).isEqualTo(mo(genesis.getHash()));
    }
}
