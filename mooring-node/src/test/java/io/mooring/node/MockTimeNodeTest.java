package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.rpc.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's {@code -mocktime}: from startup the node's clock reads the given time, and what it stamps shows it. */
class MockTimeNodeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long MOCK = 2_000_000_000L;

    @TempDir
    Path home;

    @Test
    void mocktimeAtStartupIsTheTimeTheNodeMinesAndReportsUptimeBy() throws Exception {
        Path datadir = Files.createDirectories(home.resolve("d"));
        int rpcPort = TestDaemons.freePort();
        try (NodeStartup.Ready ready = TestDaemons.prepare(home, "-regtest", "-datadir=" + datadir, "-listen=0",
                "-connect=0", "-printtoconsole=0", "-rpcport=" + rpcPort, "-mocktime=" + MOCK)) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            try {
                node.start();
                assertThat(node.clock().instant()).isEqualTo(Instant.ofEpochSecond(MOCK));
                assertThat(node.startedAt()).isEqualTo(Instant.ofEpochSecond(MOCK));
                RpcClient rpc = new RpcClient("127.0.0.1", rpcPort,
                        Files.readString(ready.config().chainDir().resolve(".cookie")).trim(), Duration.ofSeconds(10));
                JsonNode hashes = rpc.call("generatetoaddress", JSON.createArrayNode().add(1)
                        .add("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"));
                JsonNode header = rpc.call("getblockheader", JSON.createArrayNode().add(hashes.get(0).asText()));
                // The block template takes the node's time (the chain's median time past is far older).
                assertThat(header.get("time").asLong()).isEqualTo(MOCK);
                Thread.sleep(1100);
                // Core's uptime is GetTime() - startup time: frozen at 0 while the clock is mocked.
                assertThat(rpc.call("uptime", JSON.createArrayNode()).asLong()).isZero();
            } finally {
                node.close();
            }
        }
    }
}
