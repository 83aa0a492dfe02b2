package io.mooring.wire.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.wire.GoldenVectors;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.BlockHeader;
import io.mooring.wire.primitives.Transaction;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every section of bip152/compact_block_vectors.json except the SipHash reference (see SipHashTest). */
class CompactBlockVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNode VECTORS = GoldenVectors.json("bip152/compact_block_vectors.json");
    private static final int MAINNET = 0xF9BEB4D9;
    private static final int REGTEST = 0xFABFB5DA;

    private static Block readBlock(byte[] raw) throws ProtocolException {
        WireReader r = new WireReader(raw);
        Block block = Block.read(r);
        assertThat(r.remaining()).isZero();
        return block;
    }

    private static long hexWord(JsonNode node) {
        return Long.parseUnsignedLong(node.asText(), 16);
    }

    /** The 6 wire bytes of a short id, little-endian. */
    private static String le6(long shortId) {
        return HEX.formatHex(new WireWriter().writeU48LE(shortId).toByteArray());
    }

    // --- rust-bitcoin vector -------------------------------------------------------------------------------------

    @Test
    void rustBitcoinCmpctblockDecodesAndReencodesByteForByte() throws ProtocolException {
        JsonNode v = VECTORS.get("rust_bitcoin_vector");
        byte[] payload = HEX.parseHex(v.get("expected_cmpctblock_payload_hex").asText());
        Message decoded = MessageDecoder.decode(MessageType.CMPCTBLOCK, payload);
        assertThat(decoded).isInstanceOf(CmpctBlockMessage.class);
        CmpctBlockMessage cmpct = (CmpctBlockMessage) decoded;
        assertThat(cmpct.nonce()).isEqualTo(Long.parseUnsignedLong(v.get("nonce").asText()));
        assertThat(cmpct.nonce()).isEqualTo(hexWord(v.get("nonce_hex")));
        assertThat(cmpct.shortIds()).hasSize(1);
        assertThat(cmpct.prefilled()).extracting(PrefilledTransaction::index).containsExactly(0);
        assertThat(cmpct.payload()).isEqualTo(payload);

        byte[] frame = V1Envelope.encode(REGTEST, cmpct);
        assertThat(V1Envelope.decode(frame, REGTEST)).isEqualTo(cmpct);
        assertThat(V1Envelope.encode(REGTEST, V1Envelope.decode(frame, REGTEST))).isEqualTo(frame);
    }

    @Test
    void rustBitcoinCmpctblockIsWhatTheBlockBuildsWithItsNonce() throws ProtocolException {
        JsonNode v = VECTORS.get("rust_bitcoin_vector");
        Block block = readBlock(HEX.parseHex(v.get("block_hex").asText()));
        long nonce = Long.parseUnsignedLong(v.get("nonce").asText());
        CmpctBlockMessage built = ShortTxIds.compactBlock(block, nonce, v.get("compact_version").asInt());
        assertThat(HEX.formatHex(built.payload())).isEqualTo(v.get("expected_cmpctblock_payload_hex").asText());
        List<Integer> prefilled = new ArrayList<>();
        v.get("prefilled_indexes").forEach(n -> prefilled.add(n.asInt()));
        assertThat(built.prefilled()).extracting(PrefilledTransaction::index).isEqualTo(prefilled);
    }

    @Test
    void rustBitcoinBreakdownKeyTxidsWtxidsAndShortId() throws ProtocolException {
        JsonNode v = VECTORS.get("rust_bitcoin_vector");
        JsonNode d = VECTORS.get("derived_breakdown_of_rust_bitcoin_vector");
        Block block = readBlock(HEX.parseHex(v.get("block_hex").asText()));
        long nonce = Long.parseUnsignedLong(v.get("nonce").asText());
        assertThat(block.hash()).hasToString(d.get("block_hash").asText());

        WireWriter preimage = new WireWriter();
        block.header().write(preimage);
        preimage.writeI64LE(nonce);
        assertThat(HEX.formatHex(Hashes.sha256(preimage.toByteArray())))
                .isEqualTo(d.get("sha256_header_nonce").asText());

        ShortTxIds ids = ShortTxIds.of(block.header(), nonce);
        assertThat(ids.k0()).isEqualTo(hexWord(d.get("siphash_k0")));
        assertThat(ids.k1()).isEqualTo(hexWord(d.get("siphash_k1")));

        for (JsonNode tx : d.get("txs")) {
            Transaction t = block.transactions().get(tx.get("index").asInt());
            assertThat(t.txid()).hasToString(tx.get("txid").asText());
            assertThat(t.wtxid()).hasToString(tx.get("wtxid").asText());
        }
        for (JsonNode s : d.get("short_ids")) {
            Transaction t = block.transactions().get(s.get("tx_index").asInt());
            long id = ids.shortId(t.wtxid());
            assertThat(id).isEqualTo(s.get("short_id_uint48").asLong());
            assertThat(ids.shortId(t, 2)).isEqualTo(id);
            assertThat(le6(id)).isEqualTo(s.get("short_id_hex_le6").asText());
        }
    }

    @Test
    void segwitBlockShortIdsDependOnTheVersion() throws ProtocolException {
        JsonNode v = VECTORS.get("rust_bitcoin_vector");
        Block block = readBlock(HEX.parseHex(v.get("block_hex").asText()));
        Transaction spend = block.transactions().get(1);
        assertThat(spend.hasWitness()).isTrue();
        ShortTxIds ids = ShortTxIds.of(block.header(), 0);
        assertThat(ids.shortId(spend, 1)).isEqualTo(ids.shortId(spend.txid()));
        assertThat(ids.shortId(spend, 1)).isNotEqualTo(ids.shortId(spend, 2));
        assertThatThrownBy(() -> ShortTxIds.compactBlock(block, 0, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- derived: mainnet block 169482 ---------------------------------------------------------------------------

    @Test
    void mainnetBlock169482BuildsTheDerivedCmpctblock() throws ProtocolException {
        JsonNode d = VECTORS.get("derived_mainnet_block_169482");
        Block block = readBlock(GoldenVectors.bytes("blocks/bitcoinj-block169482.dat"));
        assertThat(block.hash()).hasToString(d.get("block_hash").asText());
        long nonce = d.get("nonce").asLong();
        assertThat(nonce).isEqualTo(hexWord(d.get("nonce_hex")));

        List<String> txids = new ArrayList<>();
        d.get("txids").forEach(n -> txids.add(n.asText()));
        assertThat(block.transactions()).extracting(t -> t.txid().toString()).isEqualTo(txids);

        ShortTxIds ids = ShortTxIds.of(block.header(), nonce);
        assertThat(ids.k0()).isEqualTo(hexWord(d.get("siphash_k0")));
        assertThat(ids.k1()).isEqualTo(hexWord(d.get("siphash_k1")));

        CmpctBlockMessage built = ShortTxIds.compactBlock(block, nonce, d.get("compact_version").asInt());
        List<String> expectedIds = new ArrayList<>();
        d.get("short_ids_le6_hex").forEach(n -> expectedIds.add(n.asText()));
        assertThat(expectedIds).hasSize(block.transactions().size() - 1);
        assertThat(built.shortIds()).extracting(CompactBlockVectorsTest::le6).isEqualTo(expectedIds);
        // Pre-segwit: txid and wtxid coincide, so version 1 gives the same message.
        assertThat(ShortTxIds.compactBlock(block, nonce, 1)).isEqualTo(built);

        byte[] payload = HEX.parseHex(d.get("cmpctblock_payload_hex").asText());
        assertThat(HEX.formatHex(built.payload())).isEqualTo(d.get("cmpctblock_payload_hex").asText());
        assertThat(MessageDecoder.decode(MessageType.CMPCTBLOCK, payload)).isEqualTo(built);
        byte[] frame = V1Envelope.encode(MAINNET, built);
        assertThat(V1Envelope.encode(MAINNET, V1Envelope.decode(frame, MAINNET))).isEqualTo(frame);
    }

    @Test
    void receiverMatchesEveryShortIdOfBlock169482ToItsTransaction() throws ProtocolException {
        JsonNode d = VECTORS.get("derived_mainnet_block_169482");
        Block block = readBlock(GoldenVectors.bytes("blocks/bitcoinj-block169482.dat"));
        CmpctBlockMessage received = (CmpctBlockMessage) MessageDecoder.decode(MessageType.CMPCTBLOCK,
                HEX.parseHex(d.get("cmpctblock_payload_hex").asText()));
        ShortTxIds ids = ShortTxIds.of(received);
        for (int i = 1; i < block.transactions().size(); i++) {
            Transaction tx = block.transactions().get(i);
            assertThat(received.shortIds().indexOf(ids.shortId(tx.wtxid()))).isEqualTo(i - 1);
        }
        assertThat(received.prefilled().get(0).tx()).isEqualTo(block.transactions().get(0));
        // The header is the block's; a different nonce gives other ids.
        assertThat(received.header()).isEqualTo(block.header());
        assertThat(ShortTxIds.of(received.header(), received.nonce() + 1)).isNotEqualTo(ids);
    }

    // --- getblocktxn differential encoding -----------------------------------------------------------------------

    private static final Hash256 SOME_BLOCK =
            Hash256.fromHex("0000000000000756935f1ee9d5987857b604046f846d3df56d024cdb5f368665");

    private static byte[] getBlockTxnPayload(String afterHash) {
        byte[] tail = HEX.parseHex(afterHash);
        byte[] payload = new byte[32 + tail.length];
        SOME_BLOCK.writeTo(payload, 0);
        System.arraycopy(tail, 0, payload, 32, tail.length);
        return payload;
    }

    @Test
    void getblocktxnDifferentialCasesDecodeAndEncode() throws ProtocolException {
        JsonNode cases = VECTORS.get("getblocktxn_differential_encoding").get("cases");
        assertThat(cases).hasSize(5);
        for (JsonNode c : cases) {
            List<Integer> indexes = new ArrayList<>();
            c.get("indexes").forEach(n -> indexes.add(n.asInt()));
            List<Integer> encodedBytes = new ArrayList<>();
            c.get("encoded_after_blockhash").forEach(n -> encodedBytes.add(n.asInt()));
            String hex = c.get("encoded_hex").asText();
            StringBuilder fromList = new StringBuilder();
            encodedBytes.forEach(b -> fromList.append(String.format("%02x", b)));
            assertThat(fromList).hasToString(hex);

            byte[] payload = getBlockTxnPayload(hex);
            GetBlockTxnMessage decoded = (GetBlockTxnMessage) MessageDecoder.decode(MessageType.GETBLOCKTXN, payload);
            assertThat(decoded.blockHash()).isEqualTo(SOME_BLOCK);
            assertThat(decoded.indexes()).as(hex).isEqualTo(indexes);

            GetBlockTxnMessage built = new GetBlockTxnMessage(SOME_BLOCK, indexes);
            assertThat(built.payload()).as(hex).isEqualTo(payload);
            byte[] frame = V1Envelope.encode(MAINNET, built);
            assertThat(V1Envelope.decode(frame, MAINNET)).isEqualTo(built);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void getblocktxnWhoseIndexesOverflowIsRejected(int which) {
        JsonNode c = VECTORS.get("getblocktxn_differential_encoding").get("decode_must_fail").get(which);
        byte[] payload = getBlockTxnPayload(c.get("encoded_hex").asText());
        assertThatThrownBy(() -> MessageDecoder.decode(MessageType.GETBLOCKTXN, payload))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void getblocktxnIndexPast16BitsIsABadCompactBlock() {
        // Indexes 0 and 0 + 1 + 0xffff = 65536: the vector's cases fail earlier, on the CompactSize range.
        byte[] payload = getBlockTxnPayload("0200fdffff");
        assertThatThrownBy(() -> MessageDecoder.decode(MessageType.GETBLOCKTXN, payload))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.error()).isEqualTo(io.mooring.wire.ProtocolError.BAD_COMPACT_BLOCK));
        // 0 and 65535 still fit.
        assertThat(new GetBlockTxnMessage(SOME_BLOCK, List.of(0, 0xffff)).payload())
                .isEqualTo(getBlockTxnPayload("0200fdfeff"));
    }

    @Test
    void theCompactBlockHeaderIsTheBlockHeader() throws ProtocolException {
        JsonNode v = VECTORS.get("rust_bitcoin_vector");
        byte[] payload = HEX.parseHex(v.get("expected_cmpctblock_payload_hex").asText());
        BlockHeader header = BlockHeader.read(new WireReader(payload));
        Block block = readBlock(HEX.parseHex(v.get("block_hex").asText()));
        assertThat(header).isEqualTo(block.header());
    }
}
