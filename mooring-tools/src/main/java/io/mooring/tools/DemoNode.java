package io.mooring.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mooring.node.ConfigException;
import io.mooring.node.MooringNode;
import io.mooring.node.NodeStartup;
import io.mooring.rpc.RpcClient;
import io.mooring.rpc.RpcException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One regtest node of {@code mooring demo}: started in this process from bitcoind-style options (as
 * {@code mooring node} would parse them), on its own 127.0.0.x address, and driven only through its JSON-RPC with the
 * cookie, like bitcoin-cli. Restartable on the same datadir and ports.
 */
final class DemoNode implements AutoCloseable {
    private final int index;
    private final String host;
    private final int port;
    private final int rpcPort;
    private final Path dataDir;
    private final List<String> extraArgs;
    private NodeStartup.Ready ready;
    private MooringNode node;
    private RpcClient rpc;

    DemoNode(int index, int port, int rpcPort, Path dataDir, List<String> extraArgs) {
        this.index = index;
        this.host = "127.0.0." + index;
        this.port = port;
        this.rpcPort = rpcPort;
        this.dataDir = dataDir;
        this.extraArgs = List.copyOf(extraArgs);
    }

    int index() {
        return index;
    }

    /** The P2P address other nodes see this node listening on. */
    String endpoint() {
        return host + ":" + port;
    }

    Path dataDir() {
        return dataDir;
    }

    /** {@code <datadir>/regtest}: where anchors.dat, peers.dat and debug.log live. */
    Path chainDir() {
        return dataDir.resolve("regtest");
    }

    synchronized boolean running() {
        return node != null;
    }

    /** The options `mooring node` gets for this node. */
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("-regtest", "-datadir=" + dataDir, "-bind=" + host,
                "-port=" + port, "-server=1", "-rpcport=" + rpcPort, "-printtoconsole=0", "-dnsseed=0",
                "-fixedseeds=0", "-regtestroutableloopback", "-debug=net",
                // Outgoing loopback connections leave from 127.0.0.1 whatever -bind says, so the address a peer sees
                // us at is wrong for nodes on 127.0.0.2+: tell each node where it listens (turns -discover off).
                "-externalip=" + host));
        args.addAll(extraArgs);
        return args;
    }

    synchronized void start() throws IOException, ConfigException, InterruptedException {
        Files.createDirectories(dataDir);
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        NodeStartup.Environment env = new NodeStartup.Environment(dataDir, Clock.systemUTC(), sink, sink,
                ProcessHandle.current().pid(), NodeStartup.BUILD_VERSION);
        NodeStartup.Startup startup = new NodeStartup(env).run(arguments().toArray(String[]::new));
        if (!(startup instanceof NodeStartup.Ready r)) {
            throw new ConfigException("node " + index + " did not start: " + startup);
        }
        ready = r;
        try {
            node = new MooringNode(ready.config(), Clock.systemUTC());
            node.start();
        } catch (ConfigException | InterruptedException | RuntimeException e) {
            ready.close();
            ready = null;
            node = null;
            throw e;
        }
        String cookie = Files.readString(chainDir().resolve(".cookie")).trim();
        rpc = new RpcClient("127.0.0.1", rpcPort, cookie, Duration.ofSeconds(30));
    }

    JsonNode call(String method, Object... params) throws IOException, InterruptedException {
        RpcClient client;
        synchronized (this) {
            client = rpc;
        }
        if (client == null) {
            throw new IOException("node " + index + " is stopped");
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Object p : params) {
            if (p instanceof Integer i) array.add(i);
            else if (p instanceof Boolean b) array.add(b);
            else array.add(String.valueOf(p));
        }
        try {
            return client.call(method, array);
        } catch (RpcException e) {
            throw new IOException(method + " on node " + index + ": " + e.getMessage(), e);
        }
    }

    /** What the progress display and the waits look at; empty when the node is stopped or does not answer. */
    Optional<Status> status() {
        try {
            JsonNode chain = call("getblockchaininfo");
            JsonNode net = call("getnetworkinfo");
            return Optional.of(new Status(net.path("connections_in").asInt(), net.path("connections_out").asInt(),
                    chain.path("headers").asInt(), chain.path("blocks").asInt(),
                    chain.path("bestblockhash").asText()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Graceful stop (anchors.dat and peers.dat are written), then the datadir lock is released. */
    @Override
    public synchronized void close() {
        if (node != null) {
            node.close();
            node = null;
        }
        if (ready != null) {
            ready.close();
            ready = null;
        }
        rpc = null;
    }

    record Status(int peersIn, int peersOut, int headers, int blocks, String bestHash) {
        int peers() {
            return peersIn + peersOut;
        }
    }
}
