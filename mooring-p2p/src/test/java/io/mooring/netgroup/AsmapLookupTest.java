package io.mooring.netgroup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.wire.Hashes;
import io.mooring.wire.netaddress.NetAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every lookup in ../shared/vectors/asmap/asmap_lookups.json, for all three maps, by the interpreter and the trie. */
class AsmapLookupTest {
    static Stream<Arguments> vectors() {
        JsonNode root = AsmapFixtures.lookups();
        Stream.Builder<Arguments> out = Stream.builder();
        for (String file : new String[] {AsmapFixtures.RAW, AsmapFixtures.FILLED, AsmapFixtures.UNFILLED}) {
            Iterator<Map.Entry<String, JsonNode>> it = root.get(file).get("lookups").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(Arguments.of(file, e.getKey(), e.getValue().asLong()));
            }
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0}: {1} -> AS{2}")
    @MethodSource("vectors")
    void lookupGivesTheExpectedAsn(String file, String ip, long expected) {
        Asmap map = AsmapFixtures.map(file);
        NetAddress address = NetAddress.parse(ip);
        assertThat(map.lookup(address)).isEqualTo(expected);
        byte[] ip16 = address.isIPv4() ? Asmap.mappedIPv4(address.bytes().toArray()) : address.bytes().toArray();
        assertThat(map.trieLookup(ip16)).as("trie walk").isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("files")
    void vectorFilesAreTheOnesTheExpectationsWereComputedFor(String file) throws Exception {
        String expected = AsmapFixtures.lookups().get(file).get("sha256").asText();
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(AsmapFixtures.bytes(file));
        assertThat(HexFormat.of().formatHex(sha)).isEqualTo(expected);
        assertThat(Hashes.sha256(AsmapFixtures.bytes(file))).isEqualTo(sha);
    }

    static Stream<String> files() {
        return Stream.of(AsmapFixtures.RAW, AsmapFixtures.FILLED, AsmapFixtures.UNFILLED);
    }
}
