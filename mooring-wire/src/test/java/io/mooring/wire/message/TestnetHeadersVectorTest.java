package io.mooring.wire.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.Bytes;
import io.mooring.wire.GoldenVectors;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.BlockHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 546 real testnet3 headers of Core's old blockheader_testnet3.hex, through {@code headers} messages. */
class TestnetHeadersVectorTest {
    private static final int TESTNET3 = 0x0B110907;
    private static final Hash256 TESTNET3_GENESIS =
            Hash256.fromHex("000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943");
    private static final Hash256 HEIGHT_546 =
            Hash256.fromHex("000000002a936ca763904c3c35fce2f3556c559c0214345d31b1bcebf76acb70");

    private static BlockHeader parse(String hex) throws ProtocolException {
        byte[] raw = Bytes.fromHex(hex).toArray();
        assertThat(raw).hasSize(BlockHeader.SIZE);
        BlockHeader h = BlockHeader.read(new WireReader(raw));
        assertThat(h.serialize()).isEqualTo(raw);
        return h;
    }

    /** Lines 3..548: main-chain headers for heights 1..546. */
    private static List<BlockHeader> mainChain() throws ProtocolException {
        List<BlockHeader> out = new ArrayList<>();
        for (String line : GoldenVectors.text("headers/blockheader_testnet3.hex").split("\n")) {
            if (!line.isEmpty() && !line.startsWith("fork:")) out.add(parse(line));
        }
        return out;
    }

    private static List<BlockHeader> fork() throws ProtocolException {
        List<BlockHeader> out = new ArrayList<>();
        for (String line : GoldenVectors.text("headers/blockheader_testnet3.hex").split("\n")) {
            if (line.startsWith("fork:")) out.add(parse(line.substring("fork:".length())));
        }
        return out;
    }

    /** Splits headers into {@code headers} messages of at most 2,000 (Core's MAX_HEADERS_RESULTS). */
    private static List<HeadersMessage> batches(List<BlockHeader> headers) {
        List<HeadersMessage> out = new ArrayList<>();
        for (int i = 0; i < headers.size(); i += Limits.MAX_HEADERS_RESULTS) {
            out.add(new HeadersMessage(headers.subList(i, Math.min(headers.size(), i + Limits.MAX_HEADERS_RESULTS))));
        }
        return out;
    }

    private static void assertChain(List<BlockHeader> headers, Hash256 parent) {
        Hash256 prev = parent;
        for (int i = 0; i < headers.size(); i++) {
            assertThat(headers.get(i).prevBlock()).as("prevBlock of header %d", i).isEqualTo(prev);
            prev = headers.get(i).hash();
        }
    }

    @Test
    void fileHolds546MainChainHeadersAndTwoForkHeaders() throws ProtocolException {
        assertThat(mainChain()).hasSize(546);
        assertThat(fork()).hasSize(2);
    }

    @Test
    void headersMessageRoundTripsThroughTheV1EnvelopeUnchanged() throws ProtocolException {
        List<BlockHeader> headers = mainChain();
        List<HeadersMessage> batches = batches(headers);
        assertThat(batches).hasSize(1);
        List<BlockHeader> received = new ArrayList<>();
        for (HeadersMessage msg : batches) {
            byte[] payload = msg.payload();
            assertThat(payload).hasSize(3 + msg.headers().size() * (BlockHeader.SIZE + 1)); // 0xfd 0x22 0x02 count
            assertThat(MessageDecoder.decode(MessageType.HEADERS, payload)).isEqualTo(msg);
            byte[] frame = V1Envelope.encode(TESTNET3, msg);
            Message decoded = V1Envelope.decode(frame, TESTNET3);
            assertThat(V1Envelope.encode(TESTNET3, decoded)).isEqualTo(frame);
            received.addAll(((HeadersMessage) decoded).headers());
        }
        assertThat(received).isEqualTo(headers);
    }

    @Test
    void headersChainFromTestnetGenesisToTheHeight546Checkpoint() throws ProtocolException {
        List<BlockHeader> headers = mainChain();
        assertThat(headers.get(0).prevBlock()).isEqualTo(TESTNET3_GENESIS);
        assertChain(headers, TESTNET3_GENESIS);
        assertThat(headers.get(headers.size() - 1).hash()).isEqualTo(HEIGHT_546);
    }

    @Test
    void everyHeaderMeetsItsOwnTarget() throws ProtocolException {
        for (BlockHeader h : mainChain()) {
            assertThat(meetsTarget(h)).as("%s", h.hash()).isTrue();
        }
        for (BlockHeader h : fork()) {
            assertThat(meetsTarget(h)).isTrue();
        }
    }

    @Test
    void forkBranchesOffGenesisWithVersionBitsHeaders() throws ProtocolException {
        List<BlockHeader> fork = fork();
        assertChain(fork, TESTNET3_GENESIS);
        assertThat(fork).allSatisfy(h -> assertThat(h.version()).isEqualTo(0x20000000));
        assertThat(fork.get(0).hash()).isNotEqualTo(mainChain().get(0).hash());
        HeadersMessage msg = new HeadersMessage(fork);
        assertThat(V1Envelope.decode(V1Envelope.encode(TESTNET3, msg), TESTNET3)).isEqualTo(msg);
    }

    /** hash <= target from the compact nBits (no negative or overflowing targets occur in this file). */
    private static boolean meetsTarget(BlockHeader h) {
        long bits = h.bits();
        int exponent = (int) (bits >>> 24);
        java.math.BigInteger mantissa = java.math.BigInteger.valueOf(bits & 0x007fffffL);
        java.math.BigInteger target = exponent <= 3 ? mantissa.shiftRight(8 * (3 - exponent))
                : mantissa.shiftLeft(8 * (exponent - 3));
        java.math.BigInteger hash = new java.math.BigInteger(1, Bytes.fromHex(h.hash().toString()).toArray());
        return hash.compareTo(target) <= 0;
    }
}
