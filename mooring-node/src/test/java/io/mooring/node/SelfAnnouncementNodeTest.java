package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.rpc.RpcClient;
import io.mooring.wire.netaddress.NetEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core's self-announcement: a listening node out of initial block download tells its peers where it can be reached
 * (here its -externalip, LOCAL_MANUAL), so they learn it without being told. With -regtestroutableloopback the
 * loopback addresses count as routable, so this runs on 127.0.0.1 and 127.0.0.2. (-externalip also turns -discover
 * off, as Core, so the address a peer says it sees us at is not used: outgoing loopback connections leave from
 * 127.0.0.1 whatever -bind says, so that view would be wrong half the time here.)
 */
class SelfAnnouncementNodeTest {
    @TempDir
    Path home;

    @Test
    void aNodeOutOfIbdAnnouncesItsBoundAddressToItsPeers() throws Exception {
        Path da = Files.createDirectories(home.resolve("a"));
        Path db = Files.createDirectories(home.resolve("b"));
        int pa = TestDaemons.freePort();
        int pb = TestDaemons.freePort();
        int rpcB = TestDaemons.freePort();
        try (NodeStartup.Ready ra = TestDaemons.prepare(home, "-regtest", "-datadir=" + da, "-bind=127.0.0.1",
                "-port=" + pa, "-server=0", "-printtoconsole=0", "-regtestroutableloopback", "-dnsseed=0",
                "-fixedseeds=0");
             NodeStartup.Ready rb = TestDaemons.prepare(home, "-regtest", "-datadir=" + db, "-bind=127.0.0.2",
                     "-port=" + pb, "-rpcport=" + rpcB, "-printtoconsole=0", "-regtestroutableloopback",
                     "-dnsseed=0", "-fixedseeds=0", "-externalip=127.0.0.2")) {
            MooringNode a = new MooringNode(ra.config(), Clock.systemUTC());
            MooringNode b = new MooringNode(rb.config(), Clock.systemUTC());
            a.start();
            b.start();
            try {
                String cookie = Files.readString(rb.config().chainDir().resolve(".cookie")).trim();
                RpcClient rpc = new RpcClient("127.0.0.1", rpcB, cookie, Duration.ofSeconds(10));
                ObjectMapper json = new ObjectMapper();
                JsonNode locals = rpc.call("getnetworkinfo", json.createArrayNode()).get("localaddresses");
                assertThat(locals).anySatisfy(l -> {
                    assertThat(l.get("address").asText()).isEqualTo("127.0.0.2");
                    assertThat(l.get("port").asInt()).isEqualTo(pb);
                    assertThat(l.get("score").asInt()).isEqualTo(4); // LOCAL_MANUAL
                });
                // Out of IBD (a fresh tip), then connected: B announces itself and A learns where B listens.
                rpc.call("generatetoaddress", json.createArrayNode().add(1)
                        .add("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"));
                rpc.call("addnode", json.createArrayNode().add("127.0.0.1:" + pa).add("onetry"));
                NetEndpoint bListens = NetEndpoint.parse("127.0.0.2:" + pb);
                await().atMost(Duration.ofSeconds(20)).until(() -> a.shell().query(pm ->
                        (a.addrMan().entries(false).stream().anyMatch(e -> e.getKey().endpoint().equals(bListens))
                                || a.addrMan().entries(true).stream().anyMatch(e -> e.getKey().endpoint().equals(bListens)))).join());
            } finally {
                b.close();
                a.close();
            }
        }
    }
}
