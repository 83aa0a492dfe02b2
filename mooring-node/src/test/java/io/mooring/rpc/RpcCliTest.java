package io.mooring.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a live server with cookie auth, checking bitcoin-cli's output format and exit codes. */
class RpcCliTest {
    @TempDir
    Path dataDir;

    RpcServer server;
    int port;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startRegtestServer() throws Exception {
        Path chainDir = Files.createDirectories(dataDir.resolve("regtest"));
        server = new RpcServer(RpcServerConfig.withCookie(
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), chainDir),
                new RpcMethods(), Clock.systemUTC(), Instant.now(), () -> {}, new SecureRandom());
        server.start();
        port = server.boundPorts().getFirst();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    int run(String... args) {
        return runWithStdin("", args);
    }

    int runWithStdin(String stdin, String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("-datadir=" + dataDir, "-regtest", "-rpcport=" + port));
        all.addAll(List.of(args));
        return new RpcCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), dataDir)
                .run(all.toArray(String[]::new));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usesTheCookieOfTheChainDirAndPrintsJsonIndentedByTwo() {
        assertThat(run("echo", "foo")).isZero();
        assertThat(out()).isEqualTo("[\n  \"foo\"\n]\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void stringsPrintRawAndNumbersAsJson() {
        assertThat(run("help", "stop")).isZero();
        assertThat(out()).startsWith("stop\n\nRequest a graceful shutdown of Mooring.\n");
        assertThat(run("uptime")).isZero();
        assertThat(out()).matches("\\d+\n");
    }

    @Test
    void convertsArgumentsPerTheTable() {
        assertThat(run("echojson", "1", "true", "{\"a\":[1.50]}", "\"s\"")).isZero();
        assertThat(out()).isEqualTo("[\n  1,\n  true,\n  {\n    \"a\": [\n      1.50\n    ]\n  },\n  \"s\"\n]\n");
        assertThat(run("echo", "1", "true")).isZero();
        assertThat(out()).isEqualTo("[\n  \"1\",\n  \"true\"\n]\n");
        assertThat(run("echojson", "{bad")).isEqualTo(1);
        assertThat(err()).isEqualTo("error: Error parsing JSON: {bad\n");
    }

    @Test
    void namedArguments() {
        assertThat(run("-named", "echojson", "arg1=2", "arg0=[3]")).isZero();
        assertThat(out()).isEqualTo("[\n  [\n    3\n  ],\n  2\n]\n");
        assertThat(run("-named", "echo", "a", "arg2=x")).isZero();
        assertThat(out()).isEqualTo("[\n  \"a\",\n  null,\n  \"x\"\n]\n");
        assertThat(run("-named", "echo", "nosuch=1")).isEqualTo(8);
        assertThat(err()).isEqualTo("error code: -8\nerror message:\nUnknown named parameter nosuch\n");
    }

    @Test
    void errorsGoToStderrInBitcoinCliFormat() {
        assertThat(run("nosuchmethod")).isEqualTo(32601);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo("error code: -32601\nerror message:\nMethod not found\n");
        assertThat(run("uptime", "1")).isEqualTo(1);
        assertThat(err()).startsWith("error code: -1\nerror message:\nuptime\n\nReturns the total uptime");
    }

    @Test
    void badCredentialsAndNoServer() throws Exception {
        assertThat(run("-rpcuser=x", "-rpcpassword=y", "uptime")).isEqualTo(1);
        assertThat(err()).isEqualTo("error: Authorization failed: Incorrect rpcuser or rpcpassword\n");
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        out.reset();
        err.reset();
        int code = new RpcCli(new PrintStream(out, true), new PrintStream(err, true), new ByteArrayInputStream(new byte[0]),
                dataDir).run("-datadir=" + dataDir, "-regtest", "-rpcport=" + free, "uptime");
        assertThat(code).isEqualTo(1);
        assertThat(err()).isEqualTo("error: timeout on transient error: Could not connect to the server 127.0.0.1:"
                + free + "\n\nMake sure the Mooring node is running and that you are connecting to the correct RPC "
                + "port.\nUse \"mooring rpc -help\" for more info.\n");
    }

    @Test
    void missingCookieSaysCredentialsCouldNotBeFound() {
        out.reset();
        err.reset();
        int code = new RpcCli(new PrintStream(out, true), new PrintStream(err, true), new ByteArrayInputStream(new byte[0]),
                dataDir).run("-datadir=" + dataDir, "-testnet4", "-rpcport=" + port, "uptime");
        assertThat(code).isEqualTo(1);
        assertThat(err()).startsWith("error: Could not locate RPC credentials.");
    }

    @Test
    void optionErrors() {
        assertThat(run("-bogus", "uptime")).isEqualTo(1);
        assertThat(err()).isEqualTo("Error parsing command line arguments: Invalid parameter -bogus\n");
        assertThat(run("-signet", "uptime")).isEqualTo(1);
        assertThat(err()).isEqualTo("Error: Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. "
                + "Can use at most one.\n");
        assertThat(run()).isEqualTo(1);
        assertThat(err()).isEqualTo("error: too few parameters (need at least command)\n");
        assertThat(run("-help")).isZero();
        assertThat(out()).startsWith("Mooring RPC client");
    }

    @Test
    void stdinSuppliesArgumentsAndPassword() {
        assertThat(runWithStdin("a\nb\n", "-stdin", "echo")).isZero();
        assertThat(out()).isEqualTo("[\n  \"a\",\n  \"b\"\n]\n");
    }

    @Test
    void nullResultPrintsNothing() {
        server.methods().register(RpcMethod.builder("setnothing").description("returns null")
                .handler((ctx, p) -> com.fasterxml.jackson.databind.node.NullNode.getInstance()).build());
        assertThat(run("setnothing")).isZero();
        assertThat(out()).isEmpty();
    }

    @Test
    void rpcClientCallThrowsRpcException() throws Exception {
        String cookie = RpcAuth.readCookie(dataDir.resolve("regtest/.cookie")).orElseThrow();
        RpcClient client = new RpcClient("127.0.0.1", port, cookie, java.time.Duration.ofSeconds(10));
        assertThat(client.call("echojson", UniJson.read("[1]"))).isEqualTo(UniJson.read("[1]"));
        try {
            client.call("nosuch", null);
            throw new AssertionError("no error");
        } catch (RpcException e) {
            assertThat(e.code()).isEqualTo(-32601);
            assertThat(e.getMessage()).isEqualTo("Method not found");
        }
    }
}
