package io.mooring.rpc;

import static io.mooring.rpc.RpcTestSupport.HTTP;
import static io.mooring.rpc.RpcTestSupport.PASSWORD;
import static io.mooring.rpc.RpcTestSupport.USER;
import static io.mooring.rpc.RpcTestSupport.basic;
import static io.mooring.rpc.RpcTestSupport.post;
import static io.mooring.rpc.RpcTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpcServerTest {
    @TempDir
    Path dir;

    final List<RpcServer> servers = new ArrayList<>();
    final AtomicInteger stops = new AtomicInteger();

    RpcServer start(RpcServerConfig config) throws Exception {
        RpcServer s = new RpcServer(config, new RpcMethods(), java.time.Clock.systemUTC(), Instant.now(),
                stops::incrementAndGet, new SecureRandom());
        servers.add(s);
        s.start();
        return s;
    }

    @AfterEach
    void stopAll() {
        servers.forEach(RpcServer::stop);
    }

    static JsonNode json(HttpResponse<String> r) {
        return UniJson.read(r.body());
    }

    @Test
    void bindsTheGivenEndpointOnAFreePort() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        assertThat(s.boundPorts()).hasSize(1);
        assertThat(s.boundPorts().getFirst()).isPositive();
        assertThat(s.boundAddresses().getFirst().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void missingAuthorizationIs401WithRealm() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        HttpResponse<String> r = post(s, null, "{\"method\":\"uptime\"}");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"jsonrpc\"");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void wrongPasswordOrUserIs401AfterTheDelayWithoutBlockingOthers() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        for (String auth : new String[] {basic(USER, "wrong"), basic("mallory", PASSWORD), "Bearer x"}) {
            long t0 = System.nanoTime();
            CompletableFuture<HttpResponse<String>> bad = HTTP.sendAsync(request(s, "/", auth)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"method\":\"uptime\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(20);
            long g0 = System.nanoTime();
            HttpResponse<String> good = post(s, "{\"method\":\"uptime\",\"id\":1}");
            long goodMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - g0);
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(bad.isDone()).as("the good call returned while the bad one still waits").isFalse();
            assertThat(goodMillis).isLessThan(200);
            HttpResponse<String> r = bad.get(5, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"jsonrpc\"");
            assertThat(millis).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void cookieIsWrittenOwnerOnlyWorksAndIsDeletedOnStop() throws Exception {
        RpcServer s = start(RpcServerConfig.withCookie(RpcTestSupport.localhost(), dir));
        Path cookie = dir.resolve(".cookie");
        assertThat(s.cookieFile()).contains(cookie);
        String text = Files.readString(cookie);
        assertThat(text).matches("__cookie__:[0-9a-f]{64}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookie))).isEqualTo("rw-------");
        String[] up = text.split(":", 2);
        assertThat(post(s, basic(up[0], up[1]), "{\"method\":\"uptime\",\"id\":1}").statusCode()).isEqualTo(200);
        s.stop();
        assertThat(cookie).doesNotExist();
    }

    @Test
    void rpcauthCredentialsWork() throws Exception {
        String salt = "cb77f0957de88ff388cf817ddbc7273";
        RpcServer s = start(RpcTestSupport.passwordConfig()
                .withRpcAuth(List.of("rt:" + salt + "$" + RpcAuth.hmacHex(salt, "pw"))));
        assertThat(post(s, basic("rt", "pw"), "{\"method\":\"uptime\",\"id\":1}").statusCode()).isEqualTo(200);
        assertThat(post(s, basic(USER, PASSWORD), "{\"method\":\"uptime\",\"id\":1}").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsParseError() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        HttpResponse<String> r = post(s, "this is bad");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json(r)).isEqualTo(UniJson.read(
                "{\"id\":null,\"result\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}"));
    }

    @Test
    void unknownMethodIs404InLegacyAnd200InV2() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        HttpResponse<String> v1 = post(s, "{\"method\":\"nosuch\",\"id\":1}");
        assertThat(v1.statusCode()).isEqualTo(404);
        assertThat(json(v1).at("/error/code").asInt()).isEqualTo(-32601);
        HttpResponse<String> v2 = post(s, "{\"jsonrpc\":\"2.0\",\"method\":\"nosuch\",\"id\":1}");
        assertThat(v2.statusCode()).isEqualTo(200);
        assertThat(json(v2).at("/error/code").asInt()).isEqualTo(-32601);
    }

    @Test
    void wrongParameterCountIsUsageError() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        HttpResponse<String> r = post(s, "{\"method\":\"uptime\",\"params\":[1,2],\"id\":1}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).at("/error/code").asInt()).isEqualTo(-1);
        assertThat(json(r).at("/error/message").asText()).startsWith("uptime\n\nReturns the total uptime of the server.");
    }

    @Test
    void namedParametersOverHttp() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        HttpResponse<String> r = post(s, "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":{\"arg2\":\"c\"},\"id\":1}");
        assertThat(json(r).get("result")).isEqualTo(UniJson.read("[null,null,\"c\"]"));
        HttpResponse<String> bad = post(s, "{\"method\":\"echo\",\"params\":{\"zzz\":1},\"id\":1}");
        assertThat(bad.statusCode()).isEqualTo(500);
        assertThat(json(bad).get("error")).isEqualTo(UniJson.read(
                "{\"code\":-8,\"message\":\"Unknown named parameter zzz\"}"));
    }

    @Test
    void batchMixingGoodAndBadCalls() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        HttpResponse<String> r = post(s, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"uptime\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"invalidmethod\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"uptime\"},"
                + "{\"id\":4,\"method\":\"echo\",\"params\":[\"x\"]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":5,\"pizza\":\"sausage\"}]");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode a = json(r);
        assertThat(a).hasSize(4);
        assertThat(a.get(0).get("result").isNumber()).isTrue();
        assertThat(a.get(1).get("error")).isEqualTo(UniJson.read("{\"code\":-32601,\"message\":\"Method not found\"}"));
        assertThat(a.get(2)).isEqualTo(UniJson.read("{\"result\":[\"x\"],\"error\":null,\"id\":4}"));
        assertThat(a.get(3)).isEqualTo(UniJson.read(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Missing method\"},\"id\":5}"));
    }

    @Test
    void notificationIs204NoContent() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        HttpResponse<String> r = post(s, "{\"jsonrpc\":\"2.0\",\"method\":\"stop\"}");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(stops.get()).isEqualTo(1);
    }

    @Test
    void oversizeBodyIs413() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        byte[] big = new byte[RpcServer.MAX_BODY_SIZE + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r = HTTP.send(request(s, "/", basic(USER, PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        // exactly at the limit is still served (and is a parse error: only spaces)
        byte[] max = new byte[RpcServer.MAX_BODY_SIZE];
        java.util.Arrays.fill(max, (byte) ' ');
        HttpResponse<String> ok = HTTP.send(request(s, "/", basic(USER, PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofByteArray(max)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(500);
        assertThat(json(ok).at("/error/code").asInt()).isEqualTo(-32700);
    }

    @Test
    void routingAsCore() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        HttpResponse<String> get = HTTP.send(request(s, "/", basic(USER, PASSWORD)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).isEqualTo("JSONRPC server handles only POST requests");
        HttpResponse<String> wallet = HTTP.send(request(s, "/wallet/w1", basic(USER, PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString("{\"method\":\"uptime\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wallet.statusCode()).isEqualTo(404);
        HttpResponse<String> other = HTTP.send(request(s, "/" + "x".repeat(1000), null).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        HttpResponse<String> tooLong = HTTP.send(request(s, "/" + "x".repeat(10000), null).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        HttpResponse<String> delete = HTTP.send(request(s, "/", null).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    @Test
    void keepAliveByDefaultAndCloseOnRequest() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        String body = "{\"method\":\"uptime\",\"id\":1}";
        try (Socket sock = new Socket("127.0.0.1", s.boundPorts().getFirst())) {
            sock.setSoTimeout(5000);
            OutputStream out = sock.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 2; i++) {
                out.write(("POST / HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic(USER, PASSWORD)
                        + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                int length = readHeaders(in);
                char[] buf = new char[length];
                int n = 0;
                while (n < length) n += in.read(buf, n, length - n);
                assertThat(new String(buf)).contains("\"error\":null");
            }
            out.write(("POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: " + basic(USER, PASSWORD)
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            int length = readHeaders(in);
            in.skip(length);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    private static int readHeaders(BufferedReader in) throws Exception {
        int length = 0;
        String line;
        while (!(line = in.readLine()).isEmpty()) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        return length;
    }

    @Test
    void workQueueDepthExceededIs503() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig().withThreads(1, 1));
        CompletableFuture<JsonNode> gate = new CompletableFuture<>();
        AtomicInteger entered = new AtomicInteger();
        s.methods().register(RpcMethod.builder("block").description("waits")
                .asyncHandler((ctx, p) -> {
                    entered.incrementAndGet();
                    return gate;
                }).build());
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            calls.add(HTTP.sendAsync(request(s, "/", basic(USER, PASSWORD))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"method\":\"block\",\"id\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            Thread.sleep(100);
        }
        HttpResponse<String> third = post(s, "{\"method\":\"uptime\",\"id\":1}");
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.body()).isEqualTo("Work queue depth exceeded");
        assertThat(entered.get()).isEqualTo(1);
        gate.complete(TextNode.valueOf("done"));
        for (var c : calls) assertThat(json(c.get(5, TimeUnit.SECONDS)).get("result").asText()).isEqualTo("done");
        assertThat(post(s, "{\"method\":\"uptime\",\"id\":1}").statusCode()).isEqualTo(200);
    }

    @Test
    void helpUptimeAndStopOverHttp() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        assertThat(json(post(s, "{\"method\":\"help\",\"id\":1}")).get("result").asText())
                .startsWith("== Control ==\nhelp ( \"command\" )\nstop\nuptime");
        assertThat(json(post(s, "{\"method\":\"uptime\",\"id\":1}")).get("result").asLong()).isBetween(0L, 5L);
        HttpResponse<String> stop = post(s, "{\"method\":\"stop\",\"id\":1}");
        assertThat(stop.body()).isEqualTo("{\"result\":\"Mooring stopping\",\"error\":null,\"id\":1}\n");
        assertThat(stops.get()).isEqualTo(1);
    }

    @Test
    void stopFromTheShutdownHookStillAnswers() throws Exception {
        RpcServer[] self = new RpcServer[1];
        RpcServer s = new RpcServer(RpcTestSupport.passwordConfig(), new RpcMethods(), java.time.Clock.systemUTC(),
                Instant.now(), () -> self[0].stop(), new SecureRandom());
        self[0] = s;
        servers.add(s);
        s.start();
        HttpResponse<String> r = post(s, "{\"method\":\"stop\",\"id\":1}");
        assertThat(json(r).get("result").asText()).isEqualTo("Mooring stopping");
    }

    @Test
    void clientsOutsideTheAllowListAreForbidden() throws Exception {
        // 127.0.0.1 is always allowed; an allow-list entry that does not parse is refused up front
        RpcServer s = start(RpcTestSupport.passwordConfig().withAllowIps(List.of("10.0.0.0/8")));
        assertThat(post(s, "{\"method\":\"uptime\",\"id\":1}").statusCode()).isEqualTo(200);
        assertThat(RpcSubnet.parse("10.0.0.0/8").matches(java.net.InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(RpcSubnet.parse("10.0.0.0/255.0.0.0").matches(java.net.InetAddress.getByName("11.1.2.3"))).isFalse();
        assertThat(RpcSubnet.LOCAL_V4.matches(java.net.InetAddress.getByName("::ffff:127.0.0.1"))).isTrue();
        assertThat(RpcSubnet.LOCAL_V6.matches(java.net.InetAddress.getByName("::1"))).isTrue();
    }

    @Test
    void asyncMethodOnNodeThreadOverHttp() throws Exception {
        RpcServer s = start(RpcTestSupport.passwordConfig());
        var node = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "node"));
        try {
            s.methods().register(RpcMethod.builder("getconnectioncount").category("network")
                    .description("Returns the number of connections to other nodes.")
                    .handler(node, (ctx, p) -> TextNode.valueOf(Thread.currentThread().getName() + ":" + ctx.authUser()))
                    .build());
            assertThat(json(post(s, "{\"method\":\"getconnectioncount\",\"id\":1}")).get("result").asText())
                    .isEqualTo("node:alice");
        } finally {
            node.shutdownNow();
        }
    }
}
