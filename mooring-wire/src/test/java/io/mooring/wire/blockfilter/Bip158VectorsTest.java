package io.mooring.wire.blockfilter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.wire.Bytes;
import io.mooring.wire.GoldenVectors;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.message.CFHeadersMessage;
import io.mooring.wire.message.CFilterMessage;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.primitives.Block;
import io.mooring.wire.primitives.Transaction;
import io.mooring.wire.primitives.TxOut;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** All 10 rows of bip158/testnet-19.json (BIP158's own test vectors, identical to Core's blockfilters.json). */
class Bip158VectorsTest {
    private static final int TESTNET3 = 0x0B110907;

    /** One vector row: [height, block hash, block, [spent scripts], prev header, filter, header, note]. */
    record Row(int height, Hash256 blockHash, Block block, List<Bytes> spentScripts, Hash256 previousHeader,
               Bytes filter, Hash256 header, String note) {
        @Override
        public String toString() {
            return height + (note.isEmpty() ? "" : " (" + note + ")");
        }
    }

    static List<Row> rows() throws ProtocolException {
        JsonNode json = GoldenVectors.json("bip158/testnet-19.json");
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : json) {
            if (r.size() == 1) continue; // the header row
            WireReader reader = new WireReader(Bytes.fromHex(r.get(2).asText()).toArray());
            Block block = Block.read(reader);
            assertThat(reader.remaining()).isZero();
            List<Bytes> spent = new ArrayList<>();
            r.get(3).forEach(s -> spent.add(Bytes.fromHex(s.asText())));
            rows.add(new Row(r.get(0).asInt(), Hash256.fromHex(r.get(1).asText()), block, spent,
                    Hash256.fromHex(r.get(4).asText()), Bytes.fromHex(r.get(5).asText()),
                    Hash256.fromHex(r.get(6).asText()), r.get(7).asText()));
        }
        return rows;
    }

    static Stream<Row> rowStream() throws ProtocolException {
        return rows().stream();
    }

    @Test
    void thereAreTenRows() throws ProtocolException {
        assertThat(rows()).extracting(Row::height)
                .containsExactly(0, 2, 3, 15007, 49291, 180480, 926485, 987876, 1263442, 1414221);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowStream")
    void builtFilterEqualsTheVector(Row row) {
        assertThat(row.block().hash()).isEqualTo(row.blockHash());
        BlockFilter built = BlockFilter.basic(row.block(), row.spentScripts());
        assertThat(built.type()).isEqualTo(BlockFilterType.BASIC);
        assertThat(built.blockHash()).isEqualTo(row.blockHash());
        assertThat(built.encoded()).isEqualTo(row.filter());
        assertThat(built.filter().n())
                .isEqualTo(BlockFilter.basicFilterElements(row.block(), row.spentScripts()).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowStream")
    void vectorFilterDecodesAndReencodes(Row row) throws ProtocolException {
        BlockFilter decoded = BlockFilter.decode(BlockFilterType.BASIC, row.blockHash(), row.filter());
        assertThat(decoded.encoded()).isEqualTo(row.filter());
        assertThat(decoded).isEqualTo(BlockFilter.basic(row.block(), row.spentScripts()));
        GolombCodedSet again = GolombCodedSet.build(decoded.filter().params(),
                BlockFilter.basicFilterElements(row.block(), row.spentScripts()));
        assertThat(again.encoded()).isEqualTo(row.filter());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowStream")
    void headerChainsOntoThePreviousHeader(Row row) throws ProtocolException {
        BlockFilter filter = BlockFilter.decode(BlockFilterType.BASIC, row.blockHash(), row.filter());
        assertThat(filter.header(row.previousHeader())).isEqualTo(row.header());
        assertThat(BlockFilter.header(filter.filterHash(), row.previousHeader())).isEqualTo(row.header());
        assertThat(BlockFilter.chainHeaders(row.previousHeader(), List.of(filter.filterHash())))
                .containsExactly(row.header());
    }

    @Test
    void genesisFilterChainsOntoZeroAndConsecutiveRowsChain() throws ProtocolException {
        List<Row> rows = rows();
        assertThat(rows.get(0).previousHeader()).isEqualTo(Hash256.ZERO);
        int consecutive = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).height() == rows.get(i - 1).height() + 1) {
                assertThat(rows.get(i).previousHeader()).isEqualTo(rows.get(i - 1).header());
                consecutive++;
            }
        }
        assertThat(consecutive).isEqualTo(1); // heights 2 and 3
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowStream")
    void everyListedScriptMatches(Row row) throws ProtocolException {
        BlockFilter filter = BlockFilter.decode(BlockFilterType.BASIC, row.blockHash(), row.filter());
        GolombCodedSet set = filter.filter();
        List<Bytes> expected = new ArrayList<>();
        for (Bytes s : row.spentScripts()) {
            if (!s.isEmpty()) expected.add(s);
        }
        for (Transaction tx : row.block().transactions()) {
            for (TxOut out : tx.outputs()) {
                Bytes s = out.scriptPubKey();
                if (!s.isEmpty() && s.get(0) != 0x6a) expected.add(s);
            }
        }
        for (Bytes s : expected) {
            assertThat(set.match(s)).as("script %s", s).isTrue();
        }
        if (!expected.isEmpty()) assertThat(set.matchAny(expected)).isTrue();
        assertThat(BlockFilter.basicFilterElements(row.block(), row.spentScripts())).containsAll(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowStream")
    void unrelatedScriptsDoNotMatch(Row row) throws ProtocolException {
        GolombCodedSet set = BlockFilter.decode(BlockFilterType.BASIC, row.blockHash(), row.filter()).filter();
        List<Bytes> strangers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            strangers.add(Bytes.fromHex(String.format("0014%040x", 0xfeed0000L + i)));
        }
        // Filters have at most a few dozen elements and a false-positive rate of 1/784931.
        assertThat(set.matchAny(strangers)).isFalse();
        assertThat(set.matchAny(List.of())).isFalse();
    }

    @Test
    void specialRowsHaveTheExpectedElements() throws ProtocolException {
        for (Row row : rows()) {
            var elements = BlockFilter.basicFilterElements(row.block(), row.spentScripts());
            // No element is empty; output scripts starting with OP_RETURN are left out.
            row.block().transactions().stream().flatMap(t -> t.outputs().stream()).map(TxOut::scriptPubKey)
                    .filter(s -> !s.isEmpty() && s.get(0) == 0x6a)
                    .forEach(s -> assertThat(elements).doesNotContain(s));
            assertThat(elements).noneMatch(Bytes::isEmpty);
            switch (row.height()) {
                // Pays to an empty script: the empty script is not an element.
                case 49291, 180480 -> assertThat(elements).doesNotContain(Bytes.EMPTY);
                // The same script twice counts once.
                case 926485 -> assertThat(elements.size()).isLessThan(row.spentScripts().size()
                        + (int) row.block().transactions().stream().mapToLong(t -> t.outputs().size()).sum());
                // No elements at all: the filter is the single byte N = 0.
                case 1414221 -> {
                    assertThat(elements).isEmpty();
                    assertThat(row.filter().hex()).isEqualTo("00");
                }
                default -> assertThat(elements).isNotEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowStream")
    void cfilterMessageRoundTripsThroughTheV1EnvelopeByteIdentically(Row row) throws ProtocolException {
        CFilterMessage msg = new CFilterMessage(BlockFilterType.BASIC.id(), row.blockHash(), row.filter());
        byte[] frame = V1Envelope.encode(TESTNET3, msg);
        Message decoded = V1Envelope.decode(frame, TESTNET3);
        assertThat(decoded).isEqualTo(msg);
        assertThat(V1Envelope.encode(TESTNET3, decoded)).isEqualTo(frame);
        CFilterMessage cfilter = (CFilterMessage) decoded;
        BlockFilter filter = BlockFilter.decode(BlockFilterType.fromId(cfilter.filterType()).orElseThrow(),
                cfilter.blockHash(), cfilter.filter());
        assertThat(filter.header(row.previousHeader())).isEqualTo(row.header());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowStream")
    void cfheadersMessageRoundTripsAndYieldsTheHeader(Row row) throws ProtocolException {
        Hash256 filterHash = BlockFilter.decode(BlockFilterType.BASIC, row.blockHash(), row.filter()).filterHash();
        CFHeadersMessage msg = new CFHeadersMessage(BlockFilterType.BASIC.id(), row.blockHash(), row.previousHeader(),
                List.of(filterHash));
        byte[] frame = V1Envelope.encode(TESTNET3, msg);
        CFHeadersMessage decoded = (CFHeadersMessage) V1Envelope.decode(frame, TESTNET3);
        assertThat(decoded).isEqualTo(msg);
        assertThat(V1Envelope.encode(TESTNET3, decoded)).isEqualTo(frame);
        assertThat(BlockFilter.chainHeaders(decoded.previousFilterHeader(), decoded.filterHashes()))
                .containsExactly(row.header());
    }

    @Test
    void cfheadersOverConsecutiveBlocksTwoAndThreeChains() throws ProtocolException {
        List<Row> rows = rows();
        Row two = rows.get(1);
        Row three = rows.get(2);
        assertThat(two.height()).isEqualTo(2);
        assertThat(three.height()).isEqualTo(3);
        List<Hash256> hashes = List.of(BlockFilter.basic(two.block(), two.spentScripts()).filterHash(),
                BlockFilter.basic(three.block(), three.spentScripts()).filterHash());
        CFHeadersMessage msg = new CFHeadersMessage(0, three.blockHash(), two.previousHeader(), hashes);
        byte[] frame = V1Envelope.encode(TESTNET3, msg);
        CFHeadersMessage decoded = (CFHeadersMessage) V1Envelope.decode(frame, TESTNET3);
        assertThat(V1Envelope.encode(TESTNET3, decoded)).isEqualTo(frame);
        assertThat(BlockFilter.chainHeaders(decoded.previousFilterHeader(), decoded.filterHashes()))
                .containsExactly(two.header(), three.header());
    }
}
