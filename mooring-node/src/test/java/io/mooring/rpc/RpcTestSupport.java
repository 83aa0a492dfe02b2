package io.mooring.rpc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Shared helpers: servers on 127.0.0.1 port 0, raw HTTP calls. */
final class RpcTestSupport {
    static final String USER = "alice";
    static final String PASSWORD = "secret";

    private RpcTestSupport() {}

    static List<InetSocketAddress> localhost() {
        return List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    static RpcServerConfig passwordConfig() {
        return RpcServerConfig.withPassword(localhost(), USER, PASSWORD);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static HttpResponse<String> post(RpcServer server, String authorization, String body)
            throws IOException, InterruptedException {
        return HTTP.send(request(server, "/", authorization).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(RpcServer server, String body) throws IOException, InterruptedException {
        return post(server, basic(USER, PASSWORD), body);
    }

    static HttpRequest.Builder request(RpcServer server, String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.boundPorts().getFirst() + path))
                .timeout(Duration.ofSeconds(20));
        if (authorization != null) b.header("Authorization", authorization);
        return b;
    }
}
