package io.mooring.wire.netaddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Core's fixed seed lists (contrib/seeds/nodes_*.txt): real addresses of every network in their text forms. */
class SeedListTest {
    static List<String> seedLines(String file) {
        try (InputStream in = SeedListTest.class.getResourceAsStream("/netaddress/" + file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            for (String line : text.split("\n")) {
                int hash = line.indexOf('#');
                String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (!entry.isEmpty()) out.add(entry);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "nodes_main.txt, 8333, 512, 187, 116, 34, 0",
            "nodes_test.txt, 18333, 68, 35, 69, 5, 2",
            "nodes_testnet4.txt, 48333, 48, 48, 60, 6, 2",
            "nodes_signet.txt, 38333, 35, 23, 59, 4, 2"})
    void everySeedParsesAndPrintsBackIdentically(String file, int port, int ipv4, int ipv6, int onion, int i2p,
            int cjdns) {
        Map<Network, Integer> counts = new EnumMap<>(Network.class);
        for (String line : seedLines(file)) {
            NetEndpoint e = NetEndpoint.parse(line, port);
            assertThat(e.toString()).as(line).isEqualTo(line);
            assertThat(NetEndpoint.parse(e.toString(), 1)).isEqualTo(e);
            assertThat(e.address().isValid()).as(line).isTrue();
            assertThat(e.address().isRoutable()).as(line).isTrue();
            assertThat(e.port()).isEqualTo(e.address().isI2P() ? 0 : port);
            counts.merge(e.address().network(), 1, Integer::sum);
        }
        assertThat(counts.getOrDefault(Network.IPV4, 0)).isEqualTo(ipv4);
        assertThat(counts.getOrDefault(Network.IPV6, 0)).isEqualTo(ipv6);
        assertThat(counts.getOrDefault(Network.TORV3, 0)).isEqualTo(onion);
        assertThat(counts.getOrDefault(Network.I2P, 0)).isEqualTo(i2p);
        assertThat(counts.getOrDefault(Network.CJDNS, 0)).isEqualTo(cjdns);
    }

    @Test
    void everySeedRoundTripsThroughBip155() throws Exception {
        for (String file : List.of("nodes_main.txt", "nodes_test.txt", "nodes_testnet4.txt", "nodes_signet.txt")) {
            for (String line : seedLines(file)) {
                NetEndpoint e = NetEndpoint.parse(line, 0);
                PeerAddress p = new PeerAddress(1_700_000_000L, ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS, e);
                io.mooring.wire.WireWriter w = new io.mooring.wire.WireWriter();
                p.writeV2(w);
                assertThat(PeerAddress.readV2(new io.mooring.wire.WireReader(w.toByteArray()))).isEqualTo(p);
            }
        }
    }

    private static char flip(char c) {
        return c == 'a' ? 'b' : 'a';
    }

    @Test
    void onionWithAnyCharacterFlippedIsRejected() {
        int checked = 0;
        for (String line : seedLines("nodes_main.txt")) {
            if (!line.contains(".onion")) continue;
            String host = line.substring(0, line.indexOf(':'));
            // Flip a different position in each address, so all 56 positions are exercised across the list.
            int pos = checked % 56;
            String bad = host.substring(0, pos) + flip(host.charAt(pos)) + host.substring(pos + 1);
            assertThatThrownBy(() -> NetAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> NetEndpoint.parse(bad + ":8333", 8333)).isInstanceOf(IllegalArgumentException.class);
            checked++;
        }
        assertThat(checked).isEqualTo(116);
    }

    @Test
    void everyPositionOfOneOnionIsChecksummed() {
        String good = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
        assertThat(NetAddress.parse(good).toString()).isEqualTo(good);
        for (int pos = 0; pos < 56; pos++) {
            String bad = good.substring(0, pos) + flip(good.charAt(pos)) + good.substring(pos + 1);
            assertThatThrownBy(() -> NetAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
