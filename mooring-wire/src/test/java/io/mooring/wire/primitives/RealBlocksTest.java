package io.mooring.wire.primitives;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.WireReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RealBlocksTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Decodes, checks hash, merkle root (not mutated), byte-identical re-encoding and sizes. */
    private static Block checkBlock(byte[] raw, String expectedHash) throws Exception {
        Block block = Vectors.block(raw);
        if (expectedHash != null) assertThat(block.hash()).hasToString(expectedHash);
        boolean[] mutated = {true};
        assertThat(Merkle.blockMerkleRoot(block, mutated)).isEqualTo(block.header().merkleRoot());
        assertThat(mutated[0]).isFalse();
        assertThat(block.serialize()).isEqualTo(raw);
        assertThat(block.totalSize()).isEqualTo(raw.length);
        assertThat(block.transactions()).isNotEmpty();
        assertThat(block.transactions().get(0).isCoinbase()).isTrue();
        assertThat(block.transactions().subList(1, block.transactions().size()))
                .noneMatch(Transaction::isCoinbase);
        assertThat(Merkle.hasValidWitnessCommitment(block)).isTrue();
        for (Transaction tx : block.transactions()) {
            byte[] encoded = tx.serialize();
            assertThat(encoded).hasSize(tx.totalSize());
            Transaction again = Transaction.read(new WireReader(encoded));
            assertThat(again).isEqualTo(tx).hasSameHashCodeAs(tx);
            assertThat(again.txid()).isEqualTo(tx.txid());
        }
        return block;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "bitcoinj-block169482.dat, 0000000000000756935f1ee9d5987857b604046f846d3df56d024cdb5f368665, 14",
            "bitcoinj-block481829.dat, 000000000000000000917cba69f69b758fe396c8e30ae97bbcf08c4eb975e726, 2020",
            "bitcoinj-block_testnet21066.dat, 0000000004053156021d8e42459d284220a7f6e087bf78f30179c3703ca4eefa, 2",
            "bitcoinj-block_testnet32768.dat, 000000007590ba495b58338a5806c2b6f10af921a70dbd814e0da3c6957c0c03, 5",
            "bitcoinj-block_testnet700000.dat, 000000000000406178b12a4dea3b27e13b3c4fe4510994fd667d7c1e6a3f4dc1, 4",
    })
    void realBlockDecodesHashesAndReencodesIdentically(String file, String hash, int txCount) throws Exception {
        Block block = checkBlock(Vectors.resource(file), hash);
        assertThat(block.transactions()).hasSize(txCount);
    }

    @Test
    void preSegwitBlockHasNoWitnessAndWeightIsFourTimesSize() throws Exception {
        Block block = Vectors.block("bitcoinj-block169482.dat");
        assertThat(block.transactions()).noneMatch(Transaction::hasWitness);
        assertThat(block.transactions()).allMatch(tx -> tx.txid().equals(tx.wtxid()));
        assertThat(block.weight()).isEqualTo(4 * block.totalSize());
        assertThat(Merkle.witnessCommitment(block)).isEmpty();
        // From shared/vectors/bip152 (derived there, cross-checked against this block's merkle root).
        assertThat(block.transactions().get(0).txid())
                .hasToString("5baacd3ce43b29a17f7934c03a6dc0f90d898dbafee1e7dcc50366315369ef7a");
    }

    @Test
    void segwitBlock481829HasKnownHashesAndValidCommitment() throws Exception {
        byte[] raw = Vectors.resource("bitcoinj-block481829.dat");
        Block block = Vectors.block(raw);
        // Expected values as asserted by bitcoinj's BlockTest for the same block.
        assertThat(block.transactions()).hasSize(2020);
        assertThat(block.header().merkleRoot())
                .hasToString("f06f697be2cac7af7ed8cd0b0b81eaa1a39e444c6ebd3697e35ab34461b6c58d");
        assertThat(Merkle.witnessMerkleRoot(block))
                .hasToString("0a02ddb2f86a14051294f8d98dd6959dd12bf3d016ca816c3db9b32d3e24fc2d");
        Transaction coinbase = block.transactions().get(0);
        assertThat(coinbase.txid()).hasToString("9c1ab453283035800c43eb6461eb46682b81be110a0cb89ee923882a5fd9daa4");
        assertThat(coinbase.wtxid()).hasToString("2bbda73aa4e561e7f849703994cc5e563e4bcf103fb0f6fef5ae44c95c7b83a6");
        // bitcoinj prints the commitment in script byte order, not reversed like a hash.
        assertThat(Merkle.witnessCommitment(block)).map(h -> HEX.formatHex(h.toInternalBytes()))
                .contains("c3c1145d8070a57e433238e42e4c022c1e51ca2a958094af243ae1ee252ca106");
        assertThat(coinbase.inputs().get(0).witness()).containsExactly(Bytes.wrap(new byte[32]));
        assertThat(Merkle.hasValidWitnessCommitment(block)).isTrue();

        // Six blocks after activation only the coinbase carries a witness (the reserved value).
        assertThat(block.transactions()).filteredOn(Transaction::hasWitness).containsExactly(coinbase);
        for (Transaction tx : block.transactions()) {
            assertThat(tx.txid().equals(tx.wtxid())).isEqualTo(!tx.hasWitness());
            assertThat(tx.strippedSize() < tx.totalSize()).isEqualTo(tx.hasWitness());
        }
        assertThat(block.weight()).isLessThanOrEqualTo(4_000_000).isGreaterThan(3 * raw.length);
        assertThat(block.strippedSize() * 3 + raw.length).isEqualTo(block.weight());
    }

    @Test
    void testnetSegwitTransactionsHaveDistinctTxidAndWtxid() throws Exception {
        for (int height : new int[]{926485, 1263442}) {
            Block block = Vectors.testnetBlock(height);
            Transaction spend = block.transactions().get(1);
            assertThat(spend.hasWitness()).isTrue();
            assertThat(spend.wtxid()).isNotEqualTo(spend.txid());
            assertThat(spend.strippedSize()).isLessThan(spend.totalSize());
            assertThat(spend.weight()).isEqualTo(3 * spend.strippedSize() + spend.totalSize());
            assertThat(Merkle.witnessCommitment(block)).isPresent();
            assertThat(Merkle.hasValidWitnessCommitment(block)).isTrue();
        }
    }

    @Test
    void txidComputedAlongWithWtxidEqualsTxidComputedAlone() throws Exception {
        byte[] raw = Vectors.resource("bitcoinj-block481829.dat");
        Block first = Vectors.block(raw);
        Block second = Vectors.block(raw);
        for (int i = 0; i < first.transactions().size(); i++) {
            Transaction a = first.transactions().get(i);
            Transaction b = second.transactions().get(i);
            b.wtxid(); // computes the txid from the witness encoding's ranges
            assertThat(b.txid()).isEqualTo(a.txid());
            assertThat(a.wtxid()).isEqualTo(b.wtxid());
        }
    }

    @Test
    void everyBlockOfTheFirst439MainnetBlocksDecodesAndChains() throws Exception {
        List<byte[]> raws = Vectors.first100kBlocks();
        assertThat(raws).hasSize(439);
        Hash256 prev = Hash256.ZERO;
        Map<Integer, String> known = Map.of(
                0, "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
                438, "0000000025c6b644f8add734be7e666fa4afa43ca0204d623a0c0b1fd2104c7a");
        List<Hash256> allTxids = new ArrayList<>();
        for (int height = 0; height < raws.size(); height++) {
            Block block = checkBlock(raws.get(height), known.get(height));
            assertThat(block.header().prevBlock()).isEqualTo(prev);
            prev = block.hash();
            block.transactions().forEach(tx -> allTxids.add(tx.txid()));
        }
        // Block 170 holds the first payment between people (Satoshi to Hal Finney).
        assertThat(allTxids).contains(Hash256.fromHex("f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16"));
    }

    @Test
    void everyGenesisBlockOfChainparamsHasCoinbaseTxidAsMerkleRoot() throws Exception {
        JsonNode networks = Vectors.json("chainparams.json").get("networks");
        int count = 0;
        for (var it = networks.fields(); it.hasNext(); count++) {
            var entry = it.next();
            JsonNode g = entry.getValue().get("genesis");
            byte[] raw = HEX.parseHex(g.get("block_hex").asText());
            Block block = checkBlock(raw, g.get("hash").asText());
            assertThat(block.transactions()).hasSize(1);
            assertThat(block.transactions().get(0).txid()).hasToString(g.get("merkle_root").asText());
            assertThat(block.header().serialize()).isEqualTo(HEX.parseHex(g.get("header_hex").asText()));
            assertThat(block.totalSize()).isEqualTo(g.get("block_size").asInt());
        }
        assertThat(count).isEqualTo(5);
    }

    @Test
    void theTenBip158TestnetBlocksDecode() throws Exception {
        JsonNode rows = Vectors.json("testnet-19.json");
        assertThat(rows).hasSize(11);
        for (int i = 1; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            checkBlock(HEX.parseHex(row.get(2).asText()), row.get(1).asText());
        }
    }
}
