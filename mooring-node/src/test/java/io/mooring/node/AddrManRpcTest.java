package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mooring.addrman.AddrMan;
import io.mooring.rpc.RpcClient;
import io.mooring.rpc.RpcException;
import io.mooring.wire.netaddress.NetEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's hidden addpeeraddress and getrawaddrman against a running regtest node on loopback. */
class AddrManRpcTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    NodeStartup.Ready ready;
    MooringNode node;
    RpcClient rpc;

    @BeforeEach
    void start() throws Exception {
        Path dir = Files.createDirectories(home.resolve("n"));
        int rpcPort = TestDaemons.freePort();
        ready = TestDaemons.prepare(home, "-regtest", "-datadir=" + dir, "-bind=127.0.0.1",
                "-port=" + TestDaemons.freePort(), "-rpcport=" + rpcPort, "-printtoconsole=0", "-connect=0");
        node = new MooringNode(ready.config(), Clock.systemUTC());
        node.start();
        String cookie = Files.readString(ready.config().chainDir().resolve(".cookie")).trim();
        rpc = new RpcClient("127.0.0.1", rpcPort, cookie, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        node.close();
        ready.close();
    }

    JsonNode call(String method, Object... params) throws Exception {
        ArrayNode p = JSON.createArrayNode();
        for (Object o : params) p.add(JSON.valueToTree(o));
        return rpc.call(method, p);
    }

    private AddrMan.AddressPosition position(String endpoint) {
        return node.shell().query(pm -> node.addrMan().findAddressEntry(NetEndpoint.parse(endpoint, 0)).orElseThrow())
                .join();
    }

    @Test
    void addpeeraddressAddsToNewOrTriedAndReportsCoresErrors() throws Exception {
        assertThat(call("addpeeraddress", "1.2.3.4", 8333)).isEqualTo(JSON.readTree("{\"success\":true}"));
        assertThat(position("1.2.3.4:8333").tried()).isFalse();
        // Already known: Core's functional test expects failed-adding-to-new, with or without tried.
        assertThat(call("addpeeraddress", "1.2.3.4", 8333, true))
                .isEqualTo(JSON.readTree("{\"error\":\"failed-adding-to-new\",\"success\":false}"));
        // Another /16 than 1.2.3.4: in the same group both would share a new bucket and collide 1 time in 64.
        assertThat(call("addpeeraddress", "5.6.7.8", 8333, true)).isEqualTo(JSON.readTree("{\"success\":true}"));
        assertThat(position("5.6.7.8:8333").tried()).isTrue();
        // Unroutable addresses are never added.
        assertThat(call("addpeeraddress", "127.0.0.1", 8333).get("error").asText()).isEqualTo("failed-adding-to-new");
        assertThatThrownBy(() -> call("addpeeraddress", "not-an-ip", 8333))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(-30);
                    assertThat(e.getMessage()).contains("Invalid IP address");
                });
        assertThatThrownBy(() -> call("addpeeraddress", "1.2.3.6", 70000))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-1));
        assertThat(call("getaddrmaninfo").get("all_networks").get("total").asInt()).isEqualTo(2);
    }

    @Test
    void getrawaddrmanListsEachTableByBucketAndPositionWithCoresFields() throws Exception {
        assertThat(call("getrawaddrman")).isEqualTo(JSON.readTree("{\"new\":{},\"tried\":{}}"));
        call("addpeeraddress", "1.2.3.4", 8333);
        call("addpeeraddress", "2a01:4f8::1", 18444);
        call("addpeeraddress", "2001:db8::1", 18444); // documentation space: not routable, not added
        call("addpeeraddress", "5.6.7.8", 8333, true);
        JsonNode raw = call("getrawaddrman");
        assertThat(raw.get("new")).hasSize(2);
        assertThat(raw.get("tried")).hasSize(1);

        AddrMan.AddressPosition pos = position("1.2.3.4:8333");
        JsonNode entry = raw.get("new").get(pos.bucket() + "/" + pos.position());
        List<String> fields = new ArrayList<>();
        entry.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("address", "port", "services", "time", "network", "source", "source_network");
        assertThat(entry.get("address").asText()).isEqualTo("1.2.3.4");
        assertThat(entry.get("port").asInt()).isEqualTo(8333);
        assertThat(entry.get("services").asLong()).isEqualTo(9); // NODE_NETWORK | NODE_WITNESS
        assertThat(entry.get("time").asLong()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        assertThat(entry.get("network").asText()).isEqualTo("ipv4");
        assertThat(entry.get("source").asText()).isEqualTo("1.2.3.4");
        assertThat(entry.get("source_network").asText()).isEqualTo("ipv4");

        assertThat(raw.get("new").toString()).doesNotContain("2001:db8");
        AddrMan.AddressPosition v6 = position("[2a01:4f8::1]:18444");
        JsonNode v6Entry = raw.get("new").get(v6.bucket() + "/" + v6.position());
        assertThat(v6Entry.get("address").asText()).isEqualTo("2a01:4f8::1");
        assertThat(v6Entry.get("network").asText()).isEqualTo("ipv6");
        assertThat(v6Entry.get("port").asInt()).isEqualTo(18444);
        AddrMan.AddressPosition triedPos = position("5.6.7.8:8333");
        assertThat(raw.get("tried").get(triedPos.bucket() + "/" + triedPos.position()).get("address").asText())
                .isEqualTo("5.6.7.8");
    }

    @Test
    void theTestHelpersAreHiddenFromHelp() throws Exception {
        String help = call("help").asText();
        assertThat(help).contains("getnodeaddresses").doesNotContain("addpeeraddress").doesNotContain("getrawaddrman");
        assertThat(call("help", "getrawaddrman").asText()).startsWith("getrawaddrman");
    }
}
