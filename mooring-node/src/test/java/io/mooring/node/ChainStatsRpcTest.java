package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.rpc.RpcClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** getchaintxstats and getdeploymentinfo with Core's fields, windows and errors, on a regtest daemon. */
class ChainStatsRpcTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void chainTxStatsAndDeploymentInfoAnswerAsCore() throws Exception {
        Path datadir = Files.createDirectories(home.resolve("d"));
        int rpcPort = TestDaemons.freePort();
        try (NodeStartup.Ready ready = TestDaemons.prepare(home, "-regtest", "-datadir=" + datadir, "-listen=0",
                "-connect=0", "-printtoconsole=0", "-rpcport=" + rpcPort)) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            try {
                node.start();
                RpcClient rpc = new RpcClient("127.0.0.1", rpcPort,
                        Files.readString(ready.config().chainDir().resolve(".cookie")).trim(), Duration.ofSeconds(10));
                JsonNode hashes = rpc.call("generatetoaddress", JSON.createArrayNode().add(10)
                        .add("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"));

                JsonNode stats = rpc.call("getchaintxstats", JSON.createArrayNode());
                assertThat(stats.get("txcount").asLong()).isEqualTo(11); // the genesis and ten coinbases
                assertThat(stats.get("window_final_block_height").asInt()).isEqualTo(10);
                assertThat(stats.get("window_final_block_hash").asText()).isEqualTo(hashes.get(9).asText());
                assertThat(stats.get("window_block_count").asInt()).as("default: at most height - 1").isEqualTo(9);
                assertThat(stats.get("window_tx_count").asLong()).isEqualTo(9);
                assertThat(stats.has("window_interval")).isTrue();

                JsonNode at5 = rpc.call("getchaintxstats", JSON.createArrayNode().add(2).add(hashes.get(4).asText()));
                assertThat(at5.get("window_final_block_height").asInt()).isEqualTo(5);
                assertThat(at5.get("window_tx_count").asLong()).isEqualTo(2);
                JsonNode zero = rpc.call("getchaintxstats", JSON.createArrayNode().add(0));
                assertThat(zero.has("window_interval")).isFalse();
                assertThatThrownBy(() -> rpc.call("getchaintxstats", JSON.createArrayNode().add(10)))
                        .hasMessageContaining("Invalid block count: should be between 0 and the block's height - 1");
                assertThatThrownBy(() -> rpc.call("getchaintxstats", JSON.createArrayNode().addNull()
                        .add("00".repeat(32)))).hasMessageContaining("Block not found");

                JsonNode info = rpc.call("getdeploymentinfo", JSON.createArrayNode());
                assertThat(info.get("height").asInt()).isEqualTo(10);
                List<String> flags = new ArrayList<>();
                info.get("script_flags").forEach(f -> flags.add(f.asText()));
                assertThat(flags).containsExactly("CHECKLOCKTIMEVERIFY", "CHECKSEQUENCEVERIFY", "DERSIG", "NULLDUMMY",
                        "P2SH", "TAPROOT", "WITNESS");
                JsonNode segwit = info.get("deployments").get("segwit");
                assertThat(segwit.get("type").asText()).isEqualTo("buried");
                assertThat(segwit.get("active").asBoolean()).isTrue();
                assertThat(info.get("deployments").fieldNames()).toIterable()
                        .containsExactly("bip34", "bip66", "bip65", "csv", "segwit");
                JsonNode genesis = rpc.call("getdeploymentinfo", JSON.createArrayNode().add(
                        rpc.call("getblockhash", JSON.createArrayNode().add(0)).asText()));
                assertThat(genesis.get("height").asInt()).isZero();
                // Active means "for the next block": at the genesis, a deployment at height 1 already counts.
                assertThat(genesis.get("deployments").get("bip34").get("height").asInt()).isEqualTo(1);
                assertThat(genesis.get("deployments").get("bip34").get("active").asBoolean()).isTrue();
            } finally {
                node.close();
            }
        }
    }

    @Test
    void waitRpcsAnswerWhenTheTipGetsThereOrWithTheTipAtTimeout() throws Exception {
        Path datadir = Files.createDirectories(home.resolve("w"));
        int rpcPort = TestDaemons.freePort();
        try (NodeStartup.Ready ready = TestDaemons.prepare(home, "-regtest", "-datadir=" + datadir, "-listen=0",
                "-connect=0", "-printtoconsole=0", "-rpcport=" + rpcPort)) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            try {
                node.start();
                String cookie = Files.readString(ready.config().chainDir().resolve(".cookie")).trim();
                RpcClient rpc = new RpcClient("127.0.0.1", rpcPort, cookie, Duration.ofSeconds(20));
                String genesis = rpc.call("getbestblockhash", JSON.createArrayNode()).asText();

                JsonNode timedOut = rpc.call("waitfornewblock", JSON.createArrayNode().add(200));
                assertThat(timedOut.get("hash").asText()).isEqualTo(genesis);
                assertThat(timedOut.get("height").asInt()).isZero();
                // A current_tip that is not the tip: answered at once.
                assertThat(rpc.call("waitfornewblock", JSON.createArrayNode().add(0).add("11".repeat(32)))
                        .get("height").asInt()).isZero();
                assertThatThrownBy(() -> rpc.call("waitforblockheight", JSON.createArrayNode().add(1).add(-1)))
                        .hasMessageContaining("Negative timeout");

                java.util.concurrent.CompletableFuture<JsonNode> height3 = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> {
                            try {
                                return new RpcClient("127.0.0.1", rpcPort, cookie, Duration.ofSeconds(20))
                                        .call("waitforblockheight", JSON.createArrayNode().add(3).add(15_000));
                            } catch (Exception e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        });
                Thread.sleep(300);
                assertThat(height3).isNotDone();
                JsonNode hashes = rpc.call("generatetoaddress", JSON.createArrayNode().add(3)
                        .add("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"));
                JsonNode reached = height3.get(15, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(reached.get("height").asInt()).isEqualTo(3);
                assertThat(reached.get("hash").asText()).isEqualTo(hashes.get(2).asText());
                assertThat(rpc.call("waitforblock", JSON.createArrayNode().add(hashes.get(2).asText()))
                        .get("height").asInt()).isEqualTo(3);
                assertThat(rpc.call("waitforblock", JSON.createArrayNode().add("22".repeat(32)).add(100))
                        .get("height").asInt()).as("timeout: the current tip").isEqualTo(3);
            } finally {
                node.close();
            }
        }
    }
}
