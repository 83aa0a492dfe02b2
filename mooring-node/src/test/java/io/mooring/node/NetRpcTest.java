package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mooring.rpc.RpcClient;
import io.mooring.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network RPCs against two running regtest nodes on loopback, with Core's names, fields and errors. */
class NetRpcTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    NodeStartup.Ready readyA;
    NodeStartup.Ready readyB;
    MooringNode a;
    MooringNode b;
    RpcClient rpcA;
    int portA;
    int portB;

    NodeStartup.Ready prepare(String... args) throws Exception {
        return TestDaemons.prepare(home, args);
    }

    static int freePort() throws Exception {
        return TestDaemons.freePort();
    }

    @BeforeEach
    void start() throws Exception {
        Path da = Files.createDirectories(home.resolve("a"));
        Path db = Files.createDirectories(home.resolve("b"));
        portA = freePort();
        portB = freePort();
        int rpcPort = freePort();
        readyA = prepare("-regtest", "-datadir=" + da, "-bind=127.0.0.1", "-port=" + portA, "-rpcport=" + rpcPort,
                "-printtoconsole=0", "-connect=0");
        // B listens on two addresses: Core (and Mooring) never open a second connection to one address and port.
        readyB = prepare("-regtest", "-datadir=" + db, "-bind=127.0.0.1", "-bind=127.0.0.2", "-port=" + portB, "-server=0",
                "-printtoconsole=0", "-connect=0");
        a = new MooringNode(readyA.config(), Clock.systemUTC());
        b = new MooringNode(readyB.config(), Clock.systemUTC());
        a.start();
        b.start();
        String cookie = Files.readString(readyA.config().chainDir().resolve(".cookie")).trim();
        rpcA = new RpcClient("127.0.0.1", rpcPort, cookie, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
        readyB.close();
        readyA.close();
    }

    JsonNode call(String method, Object... params) throws Exception {
        ArrayNode p = JSON.createArrayNode();
        for (Object o : params) p.add(JSON.valueToTree(o));
        return rpcA.call(method, p);
    }

    @Test
    void getpeerinfoShowsCoresFieldsForEachConnectionType() throws Exception {
        assertThat(call("getconnectioncount").asInt()).isZero();
        call("addconnection", "127.0.0.1:" + portB, "block-relay-only", false);
        call("addnode", "127.0.0.2:" + portB, "onetry");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode peers = call("getpeerinfo");
            return peers.size() == 2 && peers.get(0).has("pingtime") && peers.get(1).has("pingtime");
        });
        JsonNode peers = call("getpeerinfo");
        for (JsonNode p : peers) {
            for (String field : new String[] {"id", "addr", "addrbind", "network", "services", "servicesnames",
                    "relaytxes", "lastsend", "lastrecv", "bytessent", "bytesrecv", "conntime", "timeoffset", "pingtime",
                    "minping", "version", "subver", "inbound", "permissions", "bytessent_per_msg", "bytesrecv_per_msg",
                    "connection_type", "transport_protocol_type", "session_id"}) {
                assertThat(p.has(field)).as(field).isTrue();
            }
            assertThat(p.get("addr").asText()).isIn("127.0.0.1:" + portB, "127.0.0.2:" + portB);
            assertThat(p.get("network").asText()).isEqualTo("not_publicly_routable");
            assertThat(p.get("subver").asText()).isEqualTo("/Mooring:0.1.0/");
            assertThat(p.get("version").asInt()).isEqualTo(70016);
            // -v2transport is on by default (as Core): NODE_P2P_V2 is announced.
            assertThat(p.get("services").asText()).isEqualTo("0000000000000809");
            assertThat(p.get("servicesnames")).extracting(JsonNode::asText)
                    .containsExactly("NETWORK", "WITNESS", "P2P_V2");
            assertThat(p.get("inbound").asBoolean()).isFalse();
            // addconnection asked for v1; addnode onetry uses v2 by default (BIP324), with a 32-byte session id.
            boolean manual = p.get("connection_type").asText().equals("manual");
            assertThat(p.get("transport_protocol_type").asText()).isEqualTo(manual ? "v2" : "v1");
            assertThat(p.get("session_id").asText()).hasSize(manual ? 64 : 0);
            assertThat(p.get("bytessent_per_msg").get("version").asInt()).isPositive();
        }
        assertThat(peers).extracting(p -> p.get("connection_type").asText())
                .containsExactlyInAnyOrder("block-relay-only", "manual");
        JsonNode blockRelay = peers.get(0).get("connection_type").asText().equals("block-relay-only") ? peers.get(0) : peers.get(1);
        assertThat(blockRelay.get("relaytxes").asBoolean()).isFalse();
        assertThat(blockRelay.get("bytessent_per_msg").has("getaddr")).isFalse();

        JsonNode totals = call("getnettotals");
        assertThat(totals.get("totalbytessent").asLong()).isPositive();
        assertThat(totals.get("totalbytesrecv").asLong()).isPositive();
        JsonNode info = call("getnetworkinfo");
        assertThat(info.get("protocolversion").asInt()).isEqualTo(70016);
        assertThat(info.get("connections_out").asInt()).isEqualTo(2);
        assertThat(info.get("networks")).extracting(n -> n.get("name").asText())
                .containsExactly("ipv4", "ipv6", "onion", "i2p", "cjdns");
    }

    @Test
    void addconnectionFollowsCoresSignatureAndCapacityRule() throws Exception {
        assertThatThrownBy(() -> call("addconnection", "127.0.0.1:" + portB, "block-relay-only"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-1));
        call("addconnection", "127.0.0.1:" + portB, "block-relay-only", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> call("getconnectioncount").asInt() == 1);
        // A second connection to the same address and port is not opened (Core's ConnectNode), the RPC still answers.
        call("addconnection", "127.0.0.1:" + portB, "block-relay-only", false);
        call("addconnection", "127.0.0.2:" + portB, "block-relay-only", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> call("getconnectioncount").asInt() == 2);
        Thread.sleep(300);
        assertThat(call("getconnectioncount").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> call("addconnection", "127.0.0.1:" + portB, "block-relay-only", false))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(-34);
                    assertThat(e.getMessage()).contains("Error: Already at capacity for specified connection type.");
                });
        assertThatThrownBy(() -> call("addconnection", "127.0.0.1:" + portB, "inbound", false))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-8));
    }

    @Test
    void disconnectnodePingAndSetnetworkactive() throws Exception {
        call("addnode", "127.0.0.1:" + portB, "onetry");
        await().atMost(Duration.ofSeconds(10)).until(() -> call("getconnectioncount").asInt() == 1);
        assertThat(call("ping").isNull()).isTrue();
        long id = call("getpeerinfo").get(0).get("id").asLong();
        assertThatThrownBy(() -> call("disconnectnode", "", 999))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-29));
        assertThatThrownBy(() -> call("disconnectnode", "127.0.0.1:" + portB, id))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-32602));
        call("disconnectnode", "", id);
        await().atMost(Duration.ofSeconds(10)).until(() -> call("getconnectioncount").asInt() == 0);
        assertThat(call("setnetworkactive", false).asBoolean()).isFalse();
        assertThat(call("getnetworkinfo").get("networkactive").asBoolean()).isFalse();
        assertThat(call("setnetworkactive", true).asBoolean()).isTrue();
    }

    @Test
    void addnodeAddKeepsThePeerConnectedAndRemoveForgetsIt() throws Exception {
        call("addnode", "127.0.0.1:" + portB, "add");
        assertThatThrownBy(() -> call("addnode", "127.0.0.1:" + portB, "add"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-23));
        await().atMost(Duration.ofSeconds(10)).until(() -> call("getconnectioncount").asInt() == 1);
        call("addnode", "127.0.0.1:" + portB, "remove");
        assertThatThrownBy(() -> call("addnode", "127.0.0.1:" + portB, "remove"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-24));
    }

    @Test
    void uptimeAndStop() throws Exception {
        assertThat(call("uptime").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(call("stop").asText()).isEqualTo("Mooring stopping");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                a.awaitStopFor(Duration.ofMillis(10));
                return true;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void addressManagerRpcsReportWhatItHolds() throws Exception {
        JsonNode empty = call("getaddrmaninfo");
        assertThat(empty.get("all_networks").get("total").asInt()).isZero();
        assertThat(empty.has("ipv4") && empty.has("ipv6") && empty.has("onion") && empty.has("i2p") && empty.has("cjdns"))
                .isTrue();
        io.mooring.wire.netaddress.PeerAddress learned = new io.mooring.wire.netaddress.PeerAddress(
                java.time.Instant.now().getEpochSecond() - 3600, 9,
                io.mooring.wire.netaddress.NetEndpoint.parse("11.22.33.44:8333"));
        a.shell().onLoop(() -> a.addrMan().add(java.util.List.of(learned),
                io.mooring.wire.netaddress.NetAddress.parse("55.66.77.88"), java.time.Instant.now())).join();
        JsonNode info = call("getaddrmaninfo");
        assertThat(info.get("ipv4").get("new").asInt()).isEqualTo(1);
        assertThat(info.get("all_networks").get("total").asInt()).isEqualTo(1);
        JsonNode addrs = call("getnodeaddresses", 0);
        assertThat(addrs).hasSize(1);
        assertThat(addrs.get(0).get("address").asText()).isEqualTo("11.22.33.44");
        assertThat(addrs.get(0).get("port").asInt()).isEqualTo(8333);
        assertThat(addrs.get(0).get("network").asText()).isEqualTo("ipv4");
        assertThat(call("getnodeaddresses", 0, "onion")).isEmpty();
        assertThatThrownBy(() -> call("getnodeaddresses", 0, "tor"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-8));
    }

    @Test
    void setbanListbannedClearbannedFollowCoreAndBansPersist() throws Exception {
        call("addnode", "127.0.0.1:" + portB, "onetry");
        await().atMost(Duration.ofSeconds(10)).until(() -> call("getconnectioncount").asInt() == 1);
        call("setban", "127.0.0.0/8", "add", 3600);
        await().atMost(Duration.ofSeconds(10)).until(() -> call("getconnectioncount").asInt() == 0);
        JsonNode banned = call("listbanned");
        assertThat(banned).hasSize(1);
        assertThat(banned.get(0).get("address").asText()).isEqualTo("127.0.0.0/8");
        assertThat(banned.get(0).get("ban_duration").asLong()).isEqualTo(3600);
        assertThat(Files.readString(readyA.config().chainDir().resolve("banlist.json"))).contains("127.0.0.0/8");
        assertThatThrownBy(() -> call("setban", "127.0.0.0/8", "add"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-23));
        assertThatThrownBy(() -> call("setban", "not-an-ip", "add"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-30));
        assertThatThrownBy(() -> call("setban", "10.0.0.1", "add", 1000, true))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-8));
        // A banned address cannot connect in.
        b.shell().connect(io.mooring.wire.netaddress.NetEndpoint.parse("127.0.0.1:" + portA),
                io.mooring.net.ConnectionType.MANUAL, 9).join();
        Thread.sleep(500);
        assertThat(call("getconnectioncount").asInt()).isZero();
        call("setban", "127.0.0.0/8", "remove");
        assertThatThrownBy(() -> call("setban", "127.0.0.0/8", "remove"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(-30));
        call("setban", "10.1.2.3", "add");
        assertThat(call("listbanned")).hasSize(1);
        call("clearbanned");
        assertThat(call("listbanned")).isEmpty();
    }
}
