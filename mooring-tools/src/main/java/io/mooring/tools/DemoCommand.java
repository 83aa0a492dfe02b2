package io.mooring.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mooring.anchors.AnchorsDat;
import io.mooring.anchors.AnchorsDatException;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.wire.netaddress.PeerAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mooring demo}: a small regtest network of Mooring nodes in this one process, on loopback only. Node 1 is the
 * seed and the miner; the others are told only the seed's address ({@code -seednode}) and must find each other
 * through the address manager and the automatic outbound policy ({@code -regtestroutableloopback} makes each
 * 127.0.0.x:port routable and its own netgroup). Node 1 mines, everybody syncs headers-first and downloads the
 * blocks, one node is restarted to show anchors.dat, and a final table sums up the network. Exit code 0 on success,
 * 1 when a step times out (the step is named), 2 on usage errors.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a regtest network of Mooring nodes on loopback: discovery, mining, sync, anchors.")
public final class DemoCommand implements Callable<Integer> {
    /** A regtest P2WPKH address (BIP173's test vector, re-encoded for bcrt) that receives the coinbases. */
    static final String MINING_ADDRESS = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
    /** Blocks node 1 mines while the restarted node is down, to show that it catches up. */
    static final int BLOCKS_WHILE_DOWN = 5;

    @Option(names = "--nodes", defaultValue = "5", description = "Number of nodes, at least 3 (default: ${DEFAULT-VALUE}).")
    int nodeCount;

    @Option(names = "--blocks", defaultValue = "300", description = "Blocks node 1 mines (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--datadir", description = "Parent of the nodes' datadirs (default: a temporary directory).")
    Path dataDir;

    @Option(names = "--keep", description = "Keep the temporary datadirs at the end.")
    boolean keep;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds each step may take (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the final report as one JSON document instead of a table.")
    boolean json;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final List<DemoNode> nodes = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private DemoProgress progress;

    public DemoCommand() {
        // Java 21 cannot ask whether stderr is a terminal; a console (stdin and stdout on a terminal) with a TERM
        // that is not "dumb" is the best sign available. Redirected or piped runs get plain lines.
        this(System.out, System.err, System.console() != null && System.getenv("TERM") != null
                && !"dumb".equals(System.getenv("TERM")));
    }

    DemoCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** A step that did not finish in time; the message names it. */
    static final class StepTimeout extends Exception {
        StepTimeout(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        if (nodeCount < 3 || nodeCount > 254) {
            err.println("Error: --nodes must be between 3 and 254 (got " + nodeCount + ")");
            return 2;
        }
        if (blocks < 1 || timeoutSeconds < 1) {
            err.println("Error: --blocks and --timeout must be positive");
            return 2;
        }
        progress = new DemoProgress(err, terminal);
        Path root;
        boolean temporary = dataDir == null;
        try {
            root = temporary ? Files.createTempDirectory("mooring-demo-") : Files.createDirectories(dataDir);
        } catch (IOException e) {
            err.println("Error: cannot create the datadir: " + e.getMessage());
            return 2;
        }
        Thread hook = new Thread(this::closeAll, "mooring-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        int code;
        try {
            run(root);
            double seconds = (System.nanoTime() - started) / 1e9;
            report(seconds);
            code = 0;
        } catch (StepTimeout e) {
            err.println();
            err.println("Timed out: " + e.getMessage());
            code = 1;
        } catch (Exception e) {
            err.println();
            err.println("Error: " + e);
            code = 1;
        } finally {
            closeAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs closeAll again, which is harmless
            }
            if (temporary && !keep) {
                deleteTree(root);
            } else {
                err.println("Datadirs kept under " + root);
            }
        }
        return code;
    }

    private void run(Path root) throws Exception {
        int seedPort = freePort();
        for (int i = 1; i <= nodeCount; i++) {
            // The others are told only the seed (kept connected, as -addnode): they sync from it, and once out of
            // initial block download each announces its own address, which addr relay carries to the rest.
            List<String> extra = i == 1 ? List.of() : List.of("-addnode=127.0.0.1:" + seedPort);
            nodes.add(new DemoNode(i, i == 1 ? seedPort : freePort(), freePort(), root.resolve("node" + i), extra));
        }
        progress.say("Starting " + nodeCount + " regtest nodes on loopback (node 1 is the seed and the miner; "
                + "the others know only -addnode=" + nodes.getFirst().endpoint() + " and must find each other)");
        for (DemoNode n : nodes) {
            n.start();
        }
        DemoNode miner = nodes.getFirst();
        progress.say("Node 1 mines " + blocks + " blocks to " + MINING_ADDRESS);
        mine(miner, blocks);
        progress.say("Waiting until every node has " + blocks + " blocks and at least 2 peers");
        waitForDiscoveryAndSync();
        restartOneNode(miner);
    }

    /**
     * Step 3. The non-seed nodes can only find each other if some address manager holds their addresses. If, a few
     * seconds after everybody met the seed, every address manager is still empty, discovery cannot happen (nobody
     * announced an address), so the demo says so and falls back to connectivity through the seed: the seed dials
     * every other node with the regtest RPC addconnection (outbound-full-relay), as Core's functional tests do.
     */
    private void waitForDiscoveryAndSync() throws Exception {
        String step = "sync and discovery (every node at height " + blocks + " with at least 2 peers)";
        long start = System.nanoTime();
        long deadline = start + timeoutSeconds * 1_000_000_000L;
        long grace = start + Math.min(DISCOVERY_GRACE_SECONDS, timeoutSeconds) * 1_000_000_000L;
        while (true) {
            List<Optional<DemoNode.Status>> statuses = show(step);
            if (statuses.stream().allMatch(s -> s.filter(st -> st.blocks() == blocks && st.peers() >= 2).isPresent())) {
                return;
            }
            long now = System.nanoTime();
            if (!seedFallback && now > grace && addressManagersEmpty()) {
                seedFallback = true;
                String why = "discovery between non-seed nodes did not happen: " + DISCOVERY_GAP
                        + " State when the demo gave up on it:" + diagnose();
                progress.say("Note: " + why);
                notes.add(why.replace("\n", " "));
                notes.add("connectivity only through the seed: node 1 dialled every other node with addconnection "
                        + "(outbound-full-relay); the other nodes were still told only the seed's address");
                progress.say("Falling back to connectivity through the seed (node 1 addconnection to each node)");
                for (DemoNode n : nodes.subList(1, nodes.size())) {
                    seedDials(n);
                }
            }
            if (!partialFallback && now > start + PARTIAL_DISCOVERY_SECONDS * 1_000_000_000L) {
                // Discovery reached some nodes but not all in time: say which, and let node 1 dial them.
                for (int i = 1; i < nodes.size(); i++) {
                    Optional<DemoNode.Status> st = statuses.get(i);
                    if (st.isPresent() && st.get().peers() < 2) {
                        partialFallback = true;
                        String why = "discovery had not given node " + nodes.get(i).index() + " a second peer after "
                                + PARTIAL_DISCOVERY_SECONDS + " s; node 1 dialled it (addconnection outbound-full-relay)";
                        progress.say("Note: " + why);
                        notes.add(why);
                        seedDials(nodes.get(i));
                    }
                }
            }
            if (now > deadline) {
                throw new StepTimeout(step + " after " + timeoutSeconds + " s; " + diagnose());
            }
            Thread.sleep(500);
        }
    }

    /** Seconds of discovery before node 1 dials nodes still short of a second peer (said in the output). */
    static final int PARTIAL_DISCOVERY_SECONDS = 15;

    private boolean partialFallback;

    /** Seconds after mining before an all-empty set of address managers means discovery cannot happen. */
    static final int DISCOVERY_GRACE_SECONDS = 3;

    /** Why discovery cannot happen today; printed with the fallback. */
    static final String DISCOVERY_GAP = "every address manager is still empty: no node has announced its own address "
            + "(nodes announce themselves only once out of initial block download, as Core).";

    private boolean seedFallback;

    private void seedDials(DemoNode target) throws IOException, InterruptedException {
        nodes.getFirst().call("addconnection", target.endpoint(), "outbound-full-relay", false);
    }

    private boolean addressManagersEmpty() throws IOException, InterruptedException {
        for (DemoNode n : nodes) {
            if (n.running() && n.call("getaddrmaninfo").path("all_networks").path("total").asInt() > 0) {
                return false;
            }
        }
        return true;
    }

    /** Step 4: stop the last node gracefully, check its anchors.dat, mine meanwhile, restart it, watch it reconnect. */
    private void restartOneNode(DemoNode miner) throws Exception {
        DemoNode victim = nodes.getLast();
        openBlockRelayPeers(victim);
        List<String> blockRelayBefore = peersOfType(victim, "block-relay-only");
        progress.say("Stopping node " + victim.index() + " gracefully (block-relay-only peers: " + blockRelayBefore + ")");
        victim.close();
        Path anchorsFile = victim.chainDir().resolve(AnchorsDat.FILE_NAME);
        if (!Files.exists(anchorsFile)) {
            throw new IllegalStateException("node " + victim.index() + " wrote no anchors.dat at shutdown");
        }
        List<PeerAddress> anchors = readAnchors(anchorsFile);
        List<String> anchorText = anchors.stream().map(a -> a.endpoint().toString()).toList();
        progress.say("anchors.dat written with " + anchors.size() + " anchor(s): " + anchorText);
        if (anchors.isEmpty() && seedFallback) {
            notes.add("anchors.dat held no anchor: anchors are a node's outbound block-relay-only peers, which the "
                    + "outbound policy takes from the address manager, and every address manager was empty");
        }
        int target = blocks + BLOCKS_WHILE_DOWN;
        progress.say("Node 1 mines " + BLOCKS_WHILE_DOWN + " more blocks while node " + victim.index() + " is down");
        mine(miner, BLOCKS_WHILE_DOWN);
        progress.say("Restarting node " + victim.index() + " on the same datadir and port");
        victim.start();
        if (seedFallback) {
            seedDials(victim);
        }
        waitFor("node " + victim.index() + " reconnecting and catching up to height " + target,
                st -> st.blocks() == target && st.peers() >= 2, nodes);
        // Anchors are tried first, but the catch-up above can finish through the -addnode peer before an anchor's
        // handshake completes: give the anchors the rest of the step's time.
        long anchorDeadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        List<String> blockRelayAfter = peersOfType(victim, "block-relay-only");
        while (!anchors.isEmpty() && anchorText.stream().noneMatch(blockRelayAfter::contains)
                && System.nanoTime() < anchorDeadline) {
            Thread.sleep(200);
            blockRelayAfter = peersOfType(victim, "block-relay-only");
        }
        List<String> reconnected = anchorText.stream().filter(blockRelayAfter::contains).toList();
        progress.say("After the restart node " + victim.index() + " has block-relay-only peers " + blockRelayAfter
                + "; anchors reconnected: " + reconnected.size() + " of " + anchors.size());
        if (!anchors.isEmpty() && reconnected.isEmpty()) {
            throw new IllegalStateException("node " + victim.index() + " reconnected to none of its anchors "
                    + anchorText + " (block-relay-only peers now " + blockRelayAfter + "); its log says:\n"
                    + connectionLog(victim));
        }
        restartSummary = String.format("node %d restarted: anchors.dat held %d anchor(s) %s, %d reconnected as "
                + "block-relay-only; caught up to height %d", victim.index(), anchors.size(), anchorText,
                reconnected.size(), target);
    }

    private String restartSummary = "";

    /** The connection lines of a node's debug.log since its last start (for a failure message). */
    private static String connectionLog(DemoNode node) {
        try {
            List<String> lines = Files.readAllLines(node.chainDir().resolve("debug.log"));
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("anchors will be tried")) start = i;
            }
            return String.join("\n", lines.subList(start, lines.size()).stream()
                    .filter(l -> l.contains("anchor") || l.contains("connection") || l.contains("disconnect")
                            || l.contains("peer=")).limit(40).toList());
        } catch (IOException e) {
            return "(debug.log unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Anchors are a node's outbound block-relay-only peers, and Core opens those only once its 8 full-relay slots are
     * full, which a network of a few nodes never reaches. So, as Core's feature_anchors.py does, the demo asks the
     * node for two block-relay-only connections with the regtest RPC addconnection, preferring peers it is not yet
     * connected to, and waits for their handshakes.
     */
    private void openBlockRelayPeers(DemoNode victim) throws Exception {
        List<String> connected = new java.util.ArrayList<>();
        for (JsonNode p : victim.call("getpeerinfo")) connected.add(p.path("addr").asText());
        // A node never opens a second connection to an address it is connected to (Core's ConnectNode): pick peers
        // it has no connection to yet.
        List<DemoNode> others = new java.util.ArrayList<>(nodes.subList(0, nodes.size() - 1));
        others.removeIf(n -> connected.contains(n.endpoint()));
        int wanted = Math.min(2, others.size());
        for (DemoNode target : others.subList(0, wanted)) {
            victim.call("addconnection", target.endpoint(), "block-relay-only", false);
        }
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (peersOfType(victim, "block-relay-only").size() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new StepTimeout("node " + victim.index() + " opening " + wanted
                        + " block-relay-only connections; " + diagnose());
            }
            Thread.sleep(200);
        }
    }

    private static List<PeerAddress> readAnchors(Path file) throws IOException {
        int magic = ChainParamsLoader.builtIn("regtest").magic();
        try {
            return AnchorsDat.decode(magic, Files.readAllBytes(file));
        } catch (AnchorsDatException e) {
            throw new IOException("anchors.dat is not readable: " + e.getMessage(), e);
        }
    }

    private static List<String> peersOfType(DemoNode node, String type) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        for (JsonNode p : node.call("getpeerinfo")) {
            if (type.equals(p.path("connection_type").asText())) {
                found.add(p.path("addr").asText());
            }
        }
        return found;
    }

    /** generatetoaddress in slices so the display moves while the miner works. */
    private void mine(DemoNode miner, int count) throws Exception {
        int left = count;
        while (left > 0) {
            int slice = Math.min(left, 25);
            miner.call("generatetoaddress", slice, MINING_ADDRESS);
            left -= slice;
            show("mining");
        }
    }

    private List<Optional<DemoNode.Status>> show(String phase) {
        List<Optional<DemoNode.Status>> statuses = nodes.stream().map(DemoNode::status).toList();
        progress.show(phase, nodes, statuses);
        return statuses;
    }

    /** Polls every node ~2x/s until {@code done} holds for all of them, or the step's timeout passes. */
    private void waitFor(String step, Predicate<DemoNode.Status> done, List<DemoNode> which) throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (true) {
            List<Optional<DemoNode.Status>> statuses = show(step);
            boolean all = true;
            for (int i = 0; i < which.size(); i++) {
                all &= statuses.get(i).filter(done).isPresent();
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StepTimeout(step + " after " + timeoutSeconds + " s; " + diagnose());
            }
            Thread.sleep(500);
        }
    }

    /** What each node's peers and address manager looked like when a step timed out. */
    private String diagnose() {
        StringBuilder b = new StringBuilder();
        for (DemoNode n : nodes) {
            b.append("\n  node ").append(n.index()).append(' ').append(n.endpoint()).append(": ");
            try {
                List<String> peers = new ArrayList<>();
                for (JsonNode p : n.call("getpeerinfo")) {
                    peers.add(p.path("addr").asText() + " " + p.path("connection_type").asText());
                }
                JsonNode addrman = n.call("getaddrmaninfo").path("all_networks");
                b.append("peers ").append(peers).append("; addrman new ").append(addrman.path("new").asInt())
                        .append(" tried ").append(addrman.path("tried").asInt());
            } catch (IOException e) {
                b.append("no answer (").append(e.getMessage()).append(')');
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                b.append("interrupted");
            }
        }
        return b.toString();
    }

    /** Step 5: the final table (or JSON document) on stdout. */
    private void report(double seconds) throws IOException, InterruptedException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode doc = mapper.createObjectNode();
        ArrayNode rows = doc.putArray("nodes");
        long totalSent = 0;
        long totalRecv = 0;
        for (DemoNode n : nodes) {
            JsonNode chain = n.call("getblockchaininfo");
            JsonNode totals = n.call("getnettotals");
            Map<String, Integer> byType = new TreeMap<>();
            Map<String, Long> sent = new TreeMap<>();
            Map<String, Long> recv = new TreeMap<>();
            int in = 0;
            int outbound = 0;
            for (JsonNode p : n.call("getpeerinfo")) {
                String type = p.path("connection_type").asText();
                byType.merge(type, 1, Integer::sum);
                if (p.path("inbound").asBoolean()) in++;
                else outbound++;
                p.path("bytessent_per_msg").fields().forEachRemaining(e -> sent.merge(e.getKey(), e.getValue().asLong(), Long::sum));
                p.path("bytesrecv_per_msg").fields().forEachRemaining(e -> recv.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            }
            ObjectNode row = rows.addObject();
            row.put("node", n.index());
            row.put("address", n.endpoint());
            row.put("peers_in", in);
            row.put("peers_out", outbound);
            ObjectNode types = row.putObject("peers_by_type");
            byType.forEach(types::put);
            row.put("height", chain.path("blocks").asInt());
            row.put("headers", chain.path("headers").asInt());
            row.put("bestblockhash", chain.path("bestblockhash").asText());
            row.put("totalbytessent", totals.path("totalbytessent").asLong());
            row.put("totalbytesrecv", totals.path("totalbytesrecv").asLong());
            ObjectNode s = row.putObject("bytessent_per_msg");
            sent.forEach(s::put);
            ObjectNode r = row.putObject("bytesrecv_per_msg");
            recv.forEach(r::put);
            totalSent += totals.path("totalbytessent").asLong();
            totalRecv += totals.path("totalbytesrecv").asLong();
        }
        int height = rows.get(0).path("height").asInt();
        String tip = rows.get(0).path("bestblockhash").asText();
        boolean agree = true;
        for (JsonNode row : rows) {
            agree &= row.path("height").asInt() == height && row.path("bestblockhash").asText().equals(tip);
        }
        ObjectNode summary = doc.putObject("summary");
        summary.put("nodes", nodes.size());
        summary.put("height", height);
        summary.put("bestblockhash", tip);
        summary.put("all_nodes_agree", agree);
        summary.put("total_bytes_sent", totalSent);
        summary.put("total_bytes_received", totalRecv);
        summary.put("restart", restartSummary);
        summary.put("seconds", Math.round(seconds * 10) / 10.0);
        ArrayNode noteArray = summary.putArray("notes");
        notes.forEach(noteArray::add);
        if (json) {
            out.println(mapper.writeValueAsString(doc));
            return;
        }
        out.println();
        out.printf("%-4s %-17s %-8s %-44s %6s %-10s  %s%n", "node", "address", "in/out", "peers by type", "height",
                "best", "bytes sent / received per message type");
        for (JsonNode row : rows) {
            StringBuilder types = new StringBuilder();
            row.path("peers_by_type").fields().forEachRemaining(e ->
                    types.append(types.isEmpty() ? "" : " ").append(e.getKey()).append('=').append(e.getValue().asInt()));
            out.printf("%-4d %-17s %-8s %-44s %6d %-10s  sent %s%n", row.path("node").asInt(),
                    row.path("address").asText(), row.path("peers_in").asInt() + "/" + row.path("peers_out").asInt(),
                    types, row.path("height").asInt(), row.path("bestblockhash").asText().substring(0, 10),
                    perMessage(row.path("bytessent_per_msg")));
            out.printf("%-93s  recv %s%n", "", perMessage(row.path("bytesrecv_per_msg")));
        }
        out.println();
        out.printf("%d nodes at height %d (best %s), %s; %,d bytes sent, %,d received in all; %s; %.1f s%n",
                nodes.size(), height, tip.substring(0, 16), agree ? "all agree" : "NOT all on the same tip",
                totalSent, totalRecv, restartSummary, seconds);
        for (String note : notes) {
            out.println("Note: " + note);
        }
    }

    /** "headers=12,345 block=67,890 ..." largest first. */
    private static String perMessage(JsonNode counts) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        counts.fields().forEachRemaining(entries::add);
        entries.sort(Comparator.comparingLong((Map.Entry<String, JsonNode> e) -> e.getValue().asLong()).reversed());
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : entries) {
            b.append(b.isEmpty() ? "" : " ").append(e.getKey()).append('=').append(String.format("%,d", e.getValue().asLong()));
        }
        return b.toString();
    }

    private synchronized void closeAll() {
        for (DemoNode n : nodes) {
            n.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete " + root + ": " + e.getMessage());
        }
    }
}
