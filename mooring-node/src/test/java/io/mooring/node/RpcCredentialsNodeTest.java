package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RPC credential options of a running daemon do what Core's do: {@code -rpcauth} entries authenticate (and a
 * wrong password gets HTTP 401), {@code -rpccookiefile} puts the cookie where it says, {@code -norpccookiefile}
 * writes none.
 */
class RpcCredentialsNodeTest {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path home;

    final List<NodeStartup.Ready> readies = new ArrayList<>();
    final List<MooringNode> nodes = new ArrayList<>();
    int rpcPort;

    @AfterEach
    void stop() {
        nodes.forEach(MooringNode::close);
        readies.forEach(NodeStartup.Ready::close);
    }

    /** A regtest daemon with no P2P activity, its RPC on a free port, plus {@code extra} options. */
    MooringNode start(String... extra) throws Exception {
        Path datadir = Files.createDirectories(home.resolve("d" + readies.size()));
        rpcPort = TestDaemons.freePort();
        List<String> args = new ArrayList<>(List.of("-regtest", "-datadir=" + datadir, "-listen=0", "-connect=0",
                "-printtoconsole=0", "-rpcport=" + rpcPort));
        args.addAll(List.of(extra));
        NodeStartup.Ready ready = TestDaemons.prepare(home, args.toArray(String[]::new));
        readies.add(ready);
        MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
        nodes.add(node);
        node.start();
        return node;
    }

    /** Core's share/rpcauth: HMAC-SHA256 keyed with the salt's characters over the password, in hex. */
    static String rpcauth(String user, String salt, String password) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return user + ":" + salt + "$" + HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** POSTs getblockcount with {@code user:password} and returns the HTTP response. */
    HttpResponse<String> getblockcount(String userColonPassword) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rpcPort + "/"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"method\":\"getblockcount\",\"params\":[],\"id\":1}"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rpcauthEntriesAuthenticateAndAWrongPasswordGets401() throws Exception {
        start("-rpcauth=" + rpcauth("alice", "f00dfeed", "correct horse"),
                "-rpcauth=" + rpcauth("bob", "0123456789abcdef", "battery"));
        HttpResponse<String> alice = getblockcount("alice:correct horse");
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.body()).contains("\"result\":0");
        assertThat(getblockcount("bob:battery").statusCode()).isEqualTo(200);
        assertThat(getblockcount("alice:battery").statusCode()).isEqualTo(401);
        assertThat(getblockcount("mallory:correct horse").statusCode()).isEqualTo(401);
    }

    @Test
    void rpccookiefileWritesTheCookieAtTheGivenPathAndItAuthenticates() throws Exception {
        MooringNode node = start("-rpccookiefile=my.cookie");
        Path chainDir = node.config().chainDir();
        Path cookie = chainDir.resolve("my.cookie");
        assertThat(cookie).exists();
        assertThat(chainDir.resolve(".cookie")).doesNotExist();
        String credentials = Files.readString(cookie);
        assertThat(credentials).startsWith("__cookie__:");
        assertThat(getblockcount(credentials).statusCode()).isEqualTo(200);
    }

    @Test
    void norpccookiefileWritesNoCookieAndRpcauthStillWorks() throws Exception {
        MooringNode node = start("-norpccookiefile", "-rpcauth=" + rpcauth("alice", "5a17", "pw"));
        Path chainDir = node.config().chainDir();
        try (var files = Files.list(chainDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("cookie"));
        }
        assertThat(getblockcount("alice:pw").statusCode()).isEqualTo(200);
        assertThat(getblockcount("__cookie__:").statusCode()).isEqualTo(401);
    }
}
