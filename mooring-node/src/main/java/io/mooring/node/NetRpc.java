package io.mooring.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mooring.net.ConnectionType;
import io.mooring.net.Peer;
import io.mooring.net.PeerId;
import io.mooring.net.PeerManager;
import io.mooring.net.PeerStats;
import io.mooring.net.ProtocolVersion;
import io.mooring.netshell.NetworkShell;
import io.mooring.rpc.RpcArg;
import io.mooring.rpc.RpcErrorCode;
import io.mooring.rpc.RpcException;
import io.mooring.rpc.RpcMethod;
import io.mooring.rpc.RpcMethods;
import io.mooring.rpc.RpcResult;
import io.mooring.banman.SubNet;
import io.mooring.wire.message.VersionMessage;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.ServiceFlags;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Core's network RPCs (rpc/net.cpp) with Core's names, fields and errors: getpeerinfo, getnetworkinfo,
 * getconnectioncount, getnettotals, addnode, addconnection (regtest), disconnectnode, ping, setnetworkactive. Each
 * runs on the node loop through {@link NetworkShell#query}, so it reads protocol state without locks.
 */
final class NetRpc {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MooringNode node;

    NetRpc(MooringNode node) {
        this.node = node;
    }

    void register(RpcMethods methods) {
        methods.register(RpcMethod.builder("getconnectioncount").category("network")
                .description("Returns the number of connections to other nodes.")
                .result(RpcResult.of(RpcResult.Type.NUM, "The connection count"))
                .asyncHandler((ctx, p) -> onLoop(pm -> JSON.numberNode(pm.connectionCount())))
                .build());
        methods.register(RpcMethod.builder("getpeerinfo").category("network")
                .description("Returns data about each connected network peer as a json array of objects.")
                .result(RpcResult.of(RpcResult.Type.ARR, "one object per peer"))
                .asyncHandler((ctx, p) -> onLoop(this::peerInfo))
                .build());
        methods.register(RpcMethod.builder("getnettotals").category("network")
                .description("Returns information about network traffic, including bytes in, bytes out,\n"
                        + "and current system time.")
                .result(RpcResult.nested(RpcResult.Type.OBJ, "",
                        RpcResult.field(RpcResult.Type.NUM, "totalbytesrecv", "Total bytes received"),
                        RpcResult.field(RpcResult.Type.NUM, "totalbytessent", "Total bytes sent"),
                        RpcResult.field(RpcResult.Type.NUM_TIME, "timemillis", "Current system " + "UNIX epoch time in milliseconds"),
                        RpcResult.field(RpcResult.Type.OBJ, "uploadtarget", "")))
                .asyncHandler((ctx, p) -> onLoop(this::netTotals))
                .build());
        methods.register(RpcMethod.builder("getnetworkinfo").category("network")
                .description("Returns an object containing various state info regarding P2P networking.")
                .result(RpcResult.of(RpcResult.Type.OBJ, "network info"))
                .asyncHandler((ctx, p) -> onLoop(this::networkInfo))
                .build());
        methods.register(RpcMethod.builder("ping").category("network")
                .description("Requests that a ping be sent to all other nodes, to measure ping time.\n"
                        + "Results are provided in getpeerinfo, pingtime and pingwait fields are decimal seconds.\n"
                        + "Ping command is handled in queue with all other commands, so it measures processing backlog, not just network ping.")
                .result(RpcResult.of(RpcResult.Type.NONE, ""))
                .asyncHandler((ctx, p) -> onLoop(pm -> {
                    pm.pingAll(node.clock().instant());
                    return JSON.nullNode();
                }))
                .build());
        methods.register(RpcMethod.builder("setnetworkactive").category("network")
                .description("Disable/enable all p2p network activity.")
                .args(RpcArg.required("state", RpcArg.Type.BOOL, "true to enable networking, false to disable"))
                .result(RpcResult.of(RpcResult.Type.BOOL, "The value that was passed in"))
                .handler((ctx, p) -> {
                    boolean state = p.get(0).asBoolean();
                    node.shell().setNetworkActive(state);
                    return JSON.booleanNode(node.shell().isNetworkActive());
                })
                .build());
        methods.register(RpcMethod.builder("disconnectnode").category("network")
                .description("Immediately disconnects from the specified peer node.\n\n"
                        + "Strictly one out of 'address' and 'nodeid' can be provided to identify the node.\n\n"
                        + "To disconnect by nodeid, either set 'address' to the empty string, or call using the named 'nodeid' argument only.")
                .args(RpcArg.withHint("address", RpcArg.Type.STR, "fallback to nodeid", "The IP address/port of the node"),
                        RpcArg.withHint("nodeid", RpcArg.Type.NUM, "fallback to address", "The node ID (see getpeerinfo for node IDs)"))
                .result(RpcResult.of(RpcResult.Type.NONE, ""))
                .asyncHandler((ctx, p) -> disconnectNode(p))
                .build());
        methods.register(RpcMethod.builder("addnode").category("network")
                .description("Attempts to add or remove a node from the addnode list.\n"
                        + "Or try a connection to a node once.")
                .args(RpcArg.required("node", RpcArg.Type.STR, "The address of the peer to connect to"),
                        RpcArg.required("command", RpcArg.Type.STR,
                                "'add' to add a node to the list, 'remove' to remove a node from the list, 'onetry' to try a connection to the node once"),
                        RpcArg.optional("v2transport", RpcArg.Type.BOOL, "Attempt to connect using BIP324 v2 transport protocol (ignored for 'remove' command)"))
                .result(RpcResult.of(RpcResult.Type.NONE, ""))
                .asyncHandler((ctx, p) -> addNode(p))
                .build());
        methods.register(RpcMethod.builder("getaddrmaninfo").category("network")
                .description("Provides information about the node's address manager by returning the number of "
                        + "addresses in the `new` and `tried` tables and their sum for all networks.")
                .result(RpcResult.of(RpcResult.Type.OBJ_DYN, "json object with network type as keys"))
                .asyncHandler((ctx, p) -> onLoop(pm -> addrManInfo()))
                .build());
        methods.register(RpcMethod.builder("getnodeaddresses").category("network")
                .description("Return known addresses, after filtering for quality and recency.\n"
                        + "These can potentially be used to find new peers in the network.\n"
                        + "The total number of addresses known to the node may be higher.")
                .args(RpcArg.withDefault("count", RpcArg.Type.NUM, JSON.numberNode(1),
                                "The maximum number of addresses to return. Specify 0 to return all known addresses."),
                        RpcArg.withHint("network", RpcArg.Type.STR, "all networks",
                                "Return only addresses of the specified network. Can be one of: ipv4, ipv6, onion, i2p, cjdns."))
                .result(RpcResult.of(RpcResult.Type.ARR, ""))
                .asyncHandler((ctx, p) -> nodeAddresses(p))
                .build());
        // Core's hidden address-manager test helpers; the handlers are in AddrManRpc.
        methods.register(RpcMethod.builder("addpeeraddress").category("network").hidden()
                .description("Add the address of a potential peer to an address manager table. This RPC is for testing only.")
                .args(RpcArg.required("address", RpcArg.Type.STR, "The IP address of the peer"),
                        RpcArg.required("port", RpcArg.Type.NUM, "The port of the peer"),
                        RpcArg.withDefault("tried", RpcArg.Type.BOOL, JSON.booleanNode(false),
                                "If true, attempt to add the peer to the tried addresses table"))
                .result(RpcResult.nested(RpcResult.Type.OBJ, "",
                        RpcResult.field(RpcResult.Type.BOOL, "success",
                                "whether the peer address was successfully added to the address manager table"),
                        RpcResult.field(RpcResult.Type.STR, "error",
                                "error description, if the address could not be added")))
                .asyncHandler((ctx, p) -> AddrManRpc.addPeerAddress(node, p))
                .build());
        methods.register(RpcMethod.builder("getrawaddrman").category("network").hidden()
                .description("EXPERIMENTAL warning: this call may be changed in future releases.\n"
                        + "\nReturns information on all address manager entries for the new and tried tables.\n")
                .result(RpcResult.of(RpcResult.Type.OBJ_DYN, "tables \"new\" and \"tried\" keyed by \"bucket/position\""))
                .asyncHandler((ctx, p) -> AddrManRpc.rawAddrMan(node))
                .build());
        methods.register(RpcMethod.builder("setban").category("network")
                .description("Attempts to add or remove an IP/Subnet from the banned list.")
                .args(RpcArg.required("subnet", RpcArg.Type.STR,
                                "The IP/Subnet (see getpeerinfo for nodes IP) with an optional netmask (default is /32 = single IP)"),
                        RpcArg.required("command", RpcArg.Type.STR,
                                "'add' to add an IP/Subnet to the list, 'remove' to remove an IP/Subnet from the list"),
                        RpcArg.withDefault("bantime", RpcArg.Type.NUM, JSON.numberNode(0),
                                "time in seconds how long (or until when if [absolute] is set) the IP is banned (0 or empty means using the default time of 24h)"),
                        RpcArg.withDefault("absolute", RpcArg.Type.BOOL, JSON.booleanNode(false),
                                "If set, the bantime must be an absolute timestamp expressed in UNIX epoch time"))
                .result(RpcResult.of(RpcResult.Type.NONE, ""))
                .asyncHandler((ctx, p) -> setBan(p))
                .build());
        methods.register(RpcMethod.builder("listbanned").category("network")
                .description("List all manually banned IPs/Subnets.")
                .result(RpcResult.of(RpcResult.Type.ARR, ""))
                .asyncHandler((ctx, p) -> onLoop(pm -> listBanned()))
                .build());
        methods.register(RpcMethod.builder("clearbanned").category("network")
                .description("Clear all banned IPs.")
                .result(RpcResult.of(RpcResult.Type.NONE, ""))
                .asyncHandler((ctx, p) -> onLoop(pm -> {
                    node.banMan().clearBanned();
                    node.dumpBanList();
                    return JSON.nullNode();
                }))
                .build());
        methods.register(RpcMethod.builder("addconnection").category("network").hidden()
                .description("Open an outbound connection to a specified node. This RPC is for testing only.")
                .args(RpcArg.required("address", RpcArg.Type.STR, "The IP address and port to attempt connecting to."),
                        RpcArg.required("connection_type", RpcArg.Type.STR,
                                "Type of connection to open (\"outbound-full-relay\", \"block-relay-only\", \"addr-fetch\" or \"feeler\")."),
                        RpcArg.required("v2transport", RpcArg.Type.BOOL, "Attempt to connect using BIP324 v2 transport protocol"))
                .result(RpcResult.nested(RpcResult.Type.OBJ, "",
                        RpcResult.field(RpcResult.Type.STR, "address", "Address of newly added connection."),
                        RpcResult.field(RpcResult.Type.STR, "connection_type", "Type of connection opened.")))
                .asyncHandler((ctx, p) -> addConnection(p))
                .build());
    }

    private interface LoopQuery {
        JsonNode apply(PeerManager pm) throws RpcException;
    }

    private CompletionStage<JsonNode> onLoop(LoopQuery q) {
        return node.shell().query(pm -> {
            try {
                return q.apply(pm);
            } catch (RpcException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    // ---- getpeerinfo -------------------------------------------------------------------------------------------------

    private JsonNode peerInfo(PeerManager pm) {
        Instant now = node.clock().instant();
        ArrayNode out = JSON.arrayNode();
        for (PeerId id : pm.peerIds()) {
            Peer p = pm.peer(id);
            PeerStats stats = pm.stats(id);
            NetworkShell.SocketInfo socket = node.shell().socketInfo(id);
            VersionMessage v = p.theirVersion();
            ObjectNode o = out.addObject();
            o.put("id", id.value());
            o.put("addr", p.endpoint().toString());
            if (socket != null) {
                o.put("addrbind", socket.local().toString());
            }
            if (v != null && v.receiver().address().isRoutable()) {
                o.put("addrlocal", v.receiver().endpoint().toString());
            }
            o.put("network", networkName(p.endpoint()));
            long services = v == null ? 0 : v.services();
            o.put("services", String.format("%016x", services));
            ArrayNode names = o.putArray("servicesnames");
            ServiceFlags.names(services).forEach(names::add);
            o.put("relaytxes", v != null && v.relay() && p.connectionType() != ConnectionType.BLOCK_RELAY);
            o.put("lastsend", p.lastSend() == null ? 0 : p.lastSend().getEpochSecond());
            o.put("lastrecv", p.lastReceive() == null ? 0 : p.lastReceive().getEpochSecond());
            o.put("last_transaction", 0);
            // Core's m_last_block_time: when this peer last gave us a block we did not have (0 for never).
            o.put("last_block", node.chainService().sync().blocks().lastBlockTime(id).map(Instant::getEpochSecond)
                    .orElse(0L));
            o.put("bytessent", stats.bytesSent());
            o.put("bytesrecv", stats.bytesReceived());
            o.put("conntime", p.connectedAt().getEpochSecond());
            o.put("timeoffset", p.timeOffsetSeconds());
            if (p.lastPingTime() != null) {
                o.put("pingtime", seconds(p.lastPingTime()));
            }
            if (p.minPingTime() != null) {
                o.put("minping", seconds(p.minPingTime()));
            }
            Duration wait = p.pingWait(now);
            if (wait != null) {
                o.put("pingwait", seconds(wait));
            }
            o.put("version", v == null ? 0 : v.version());
            o.put("subver", v == null ? "" : v.userAgent());
            o.put("inbound", p.connectionType() == ConnectionType.INBOUND);
            var sync = node.chainService().sync();
            o.put("bip152_hb_to", sync.blocks().highBandwidthTo(id));
            o.put("bip152_hb_from", sync.headers().highBandwidthFrom(id));
            var headerStats = sync.headers().stats(id);
            o.put("presynced_headers", headerStats.map(h -> h.presyncHeight()).orElse(-1L));
            o.put("synced_headers", headerStats.map(h -> h.syncedHeaders()).orElse(-1));
            o.put("synced_blocks", sync.blocks().lastCommonHeight(id));
            var inflight = o.putArray("inflight");
            sync.blocks().inFlightHeights(id).forEach(inflight::add);
            // Core's m_addr_relay_enabled: outbound peers at version time, inbound ones at their first addr/getaddr.
            o.put("addr_relay_enabled", pm.addrRelayEnabled(id));
            o.put("addr_processed", p.addrProcessed());
            o.put("addr_rate_limited", p.addrRateLimited());
            ArrayNode permissions = o.putArray("permissions");
            node.permissions(id).names().forEach(permissions::add);
            o.put("minfeefilter", BigDecimal.valueOf(p.feeFilterReceived(), 8)); // BTC/kvB, as Core's ValueFromAmount
            ObjectNode sent = o.putObject("bytessent_per_msg");
            stats.sentPerMessage().forEach(sent::put);
            ObjectNode recv = o.putObject("bytesrecv_per_msg");
            stats.receivedPerMessage().forEach(recv::put);
            o.put("connection_type", p.connectionType().rpcName());
            o.put("transport_protocol_type", socket == null ? "v1" : socket.transportProtocol());
            o.put("session_id", socket == null ? "" : socket.sessionId());
        }
        return out;
    }

    private static String networkName(NetEndpoint e) {
        Network n = e.address().network();
        if (!e.address().isRoutable() && (n == Network.IPV4 || n == Network.IPV6)) {
            return "not_publicly_routable";
        }
        return n.rpcName();
    }

    /** Seconds with microsecond precision, as Core prints ping times. */
    private static BigDecimal seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos() / 1000, 6);
    }

    // ---- totals and network info -------------------------------------------------------------------------------------

    private JsonNode netTotals(PeerManager pm) {
        ObjectNode o = JSON.objectNode();
        o.put("totalbytesrecv", pm.totalBytesReceived());
        o.put("totalbytessent", pm.totalBytesSent());
        o.put("timemillis", node.clock().millis());
        ObjectNode upload = o.putObject("uploadtarget");
        upload.put("timeframe", 86400);
        upload.put("target", 0);
        upload.put("target_reached", false);
        upload.put("serve_historical_blocks", true);
        upload.put("bytes_left_in_cycle", 0);
        upload.put("time_left_in_cycle", 0);
        return o;
    }

    private JsonNode networkInfo(PeerManager pm) {
        ObjectNode o = JSON.objectNode();
        NodeConfig c = node.config();
        o.put("version", c.clientVersionNumber()); // Core's CLIENT_VERSION: 10000 * major + 100 * minor + patch
        o.put("subversion", c.userAgent());
        o.put("protocolversion", ProtocolVersion.PROTOCOL_VERSION);
        long services = pm.options().localServices();
        o.put("localservices", String.format("%016x", services));
        ArrayNode names = o.putArray("localservicesnames");
        ServiceFlags.names(services).forEach(names::add);
        o.put("localrelay", pm.options().relayTransactions());
        // Core's median_outbound_time_offset: the median of the last 50 outbound peers' offsets (0 below 5).
        o.put("timeoffset", pm.outboundTimeOffsets().median());
        int in = 0;
        int out = 0;
        for (PeerId id : pm.peerIds()) {
            if (pm.peer(id).connectionType() == ConnectionType.INBOUND) in++;
            else out++;
        }
        o.put("networkactive", node.shell().isNetworkActive());
        o.put("connections", in + out);
        o.put("connections_in", in);
        o.put("connections_out", out);
        ArrayNode networks = o.putArray("networks");
        for (Network n : List.of(Network.IPV4, Network.IPV6, Network.TORV3, Network.I2P, Network.CJDNS)) {
            ObjectNode net = networks.addObject();
            net.put("name", n.rpcName());
            boolean proxied = n == Network.TORV3 ? c.onion().or(c::proxy).isPresent() : c.proxy().isPresent();
            boolean reachable = switch (n) {
                case IPV4, IPV6 -> c.onlyNet().isEmpty() || c.onlyNet().contains(n.rpcName());
                case TORV3 -> proxied && (c.onlyNet().isEmpty() || c.onlyNet().contains("onion"));
                default -> false; // I2P (SAM) and CJDNS arrive in later issues
            };
            net.put("limited", !reachable);
            net.put("reachable", reachable);
            net.put("proxy", proxied ? (n == Network.TORV3 ? c.onion().or(c::proxy).get() : c.proxy().get()) : "");
            net.put("proxy_randomize_credentials", proxied && c.proxyRandomize());
        }
        o.put("relayfee", new BigDecimal("0.00001000"));
        o.put("incrementalfee", new BigDecimal("0.00000100"));
        ArrayNode locals = o.putArray("localaddresses");
        pm.localAddresses().all().forEach((address, info) -> {
            ObjectNode l = locals.addObject();
            l.put("address", address.toString());
            l.put("port", info.port());
            l.put("score", info.score());
        });
        ArrayNode warnings = o.putArray("warnings");
        warnings.add("This is a Mooring node: it relays no transactions and does not validate scripts or UTXOs.");
        pm.outboundTimeOffsets().warning().ifPresent(warnings::add); // Core's CLOCK_OUT_OF_SYNC
        return o;
    }

    // ---- connection control ------------------------------------------------------------------------------------------

    private CompletionStage<JsonNode> disconnectNode(List<JsonNode> p) {
        JsonNode address = p.size() > 0 ? p.get(0) : null;
        JsonNode nodeId = p.size() > 1 ? p.get(1) : null;
        boolean byAddress = address != null && !address.isNull() && !address.asText().isEmpty();
        boolean byId = nodeId != null && !nodeId.isNull();
        if (byAddress == byId) {
            return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_INVALID_PARAMS,
                    "Only one of address and nodeid should be provided."));
        }
        return onLoop(pm -> {
            for (PeerId id : pm.peerIds()) {
                boolean match = byId ? id.value() == nodeId.asLong()
                        : pm.peer(id).endpoint().toString().equals(address.asText());
                if (match) {
                    pm.disconnect(id, "disconnectnode RPC");
                    return JSON.nullNode();
                }
            }
            throw new RpcException(RpcErrorCode.RPC_CLIENT_NODE_NOT_CONNECTED, "Node not found in connected nodes");
        });
    }

    private CompletionStage<JsonNode> addNode(List<JsonNode> p) {
        String command = p.get(1).asText();
        // Core: v2transport defaults to -v2transport and may not ask for v2 when it is off. ("add" targets follow
        // the manual-connection rule: v2 first whenever it is enabled, v1 after a failed attempt.)
        boolean v2 = p.size() > 2 && !p.get(2).isNull() ? p.get(2).asBoolean() : node.config().v2Transport();
        if (v2 && !node.config().v2Transport()) {
            return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER,
                    "Error: v2transport requested but not enabled (see -v2transport)"));
        }
        HostTargets.Target parsed;
        try {
            parsed = HostTargets.parse(p.get(0).asText(), node.config().chain().defaultPort());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_CLIENT_INVALID_IP_OR_SUBNET,
                    "Error: Invalid IP address or hostname: " + e.getMessage()));
        }
        // A numeric target is used as it is; a host name is kept and resolved as Core's added nodes (ConnectNode's
        // Lookup), off the node loop. Names are never resolved locally behind a proxy.
        java.util.function.Supplier<NetEndpoint> onetryTarget;
        java.util.function.BooleanSupplier add;
        java.util.function.BooleanSupplier remove;
        switch (parsed) {
            case HostTargets.Numeric n -> {
                onetryTarget = n::endpoint;
                add = () -> node.addManualTarget(n.endpoint());
                remove = () -> node.removeManualTarget(n.endpoint());
            }
            case HostTargets.Named n -> {
                if (node.config().proxy().isPresent()) {
                    return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_CLIENT_INVALID_IP_OR_SUBNET,
                            "Error: host names through -proxy are not supported yet; give a numeric address"));
                }
                onetryTarget = () -> node.resolveOnce(n.name());
                add = () -> node.addNamedTarget(n.name());
                remove = () -> node.removeNamedTarget(n.name());
            }
        }
        switch (command) {
            case "onetry" -> {
                return CompletableFuture.supplyAsync(onetryTarget).thenCompose(target -> {
                    if (target == null) return CompletableFuture.completedFuture((JsonNode) JSON.nullNode());
                    return node.shell().query(pm -> {
                        if (!node.alreadyConnected(pm, target)) {
                            node.shell().connect(target, ConnectionType.MANUAL, 0, v2);
                        }
                        return (JsonNode) JSON.nullNode();
                    });
                });
            }
            case "add" -> {
                return CompletableFuture.supplyAsync(add::getAsBoolean).thenCompose(added -> added
                        ? CompletableFuture.completedFuture((JsonNode) JSON.nullNode())
                        : CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_CLIENT_NODE_ALREADY_ADDED,
                                "Error: Node already added")));
            }
            case "remove" -> {
                return CompletableFuture.supplyAsync(remove::getAsBoolean).thenCompose(removed -> removed
                        ? CompletableFuture.completedFuture((JsonNode) JSON.nullNode())
                        : CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_CLIENT_NODE_NOT_ADDED,
                                "Error: Node could not be removed. It has not been added previously.")));
            }
            default -> {
                return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER,
                        "Unknown 'command' argument: " + command));
            }
        }
    }

    private CompletionStage<JsonNode> addConnection(List<JsonNode> p) {
        if (!node.config().chain().id().equals("regtest")) {
            return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_METHOD_NOT_FOUND,
                    "addconnection is for regression testing (-regtest mode) only."));
        }
        String typeName = p.get(1).asText();
        ConnectionType type;
        switch (typeName) {
            case "outbound-full-relay", "block-relay-only", "addr-fetch", "feeler" -> type = ConnectionType.fromRpcName(typeName);
            default -> {
                return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER,
                        "Error: invalid connection type"));
            }
        }
        NetEndpoint target;
        try {
            target = NetEndpoint.parse(p.get(0).asText(), node.config().chain().defaultPort());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_CLIENT_INVALID_IP_OR_SUBNET,
                    "Error: Invalid IP address: " + e.getMessage()));
        }
        boolean v2 = p.size() > 2 && p.get(2).asBoolean();
        if (v2 && !node.config().v2Transport()) {
            return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER,
                    "Error: Adding v2transport connections requires -v2transport init flag to be set."));
        }
        return onLoop(pm -> {
            if (!node.hasOutboundSlot(pm, type)) {
                throw new RpcException(RpcErrorCode.RPC_CLIENT_NODE_CAPACITY_REACHED,
                        "Error: Already at capacity for specified connection type.");
            }
            // Core connects with CAddress() for addconnection: services NONE until a version says otherwise (and
            // NONE is what anchors.dat records for such a peer, as feature_anchors.py checks).
            if (!node.alreadyConnected(pm, target)) {
                node.shell().connect(target, type, ServiceFlags.NODE_NONE, v2);
            }
            ObjectNode o = JSON.objectNode();
            o.put("address", target.toString());
            o.put("connection_type", type.rpcName());
            return o;
        });
    }

    // ---- address manager -------------------------------------------------------------------------------------------

    /** Core's getaddrmaninfo: new, tried and total per reachable network, and over all networks. */
    private JsonNode addrManInfo() {
        ObjectNode o = JSON.objectNode();
        int allNew = 0;
        int allTried = 0;
        for (Network n : List.of(Network.IPV4, Network.IPV6, Network.TORV3, Network.I2P, Network.CJDNS)) {
            int fresh = node.addrMan().size(n, Boolean.TRUE);
            int tried = node.addrMan().size(n, Boolean.FALSE);
            ObjectNode net = o.putObject(n.rpcName());
            net.put("new", fresh);
            net.put("tried", tried);
            net.put("total", fresh + tried);
            allNew += fresh;
            allTried += tried;
        }
        ObjectNode all = o.putObject("all_networks");
        all.put("new", allNew);
        all.put("tried", allTried);
        all.put("total", allNew + allTried);
        return o;
    }

    /** Core's getnodeaddresses: up to {@code count} addresses (0: all), unfiltered for quality, optionally one network. */
    private CompletionStage<JsonNode> nodeAddresses(List<JsonNode> p) {
        int count = p.isEmpty() || p.get(0) == null || p.get(0).isNull() ? 1 : p.get(0).asInt();
        if (count < 0) {
            return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER,
                    "Address count out of range"));
        }
        Network network = null;
        if (p.size() > 1 && p.get(1) != null && !p.get(1).isNull()) {
            String name = p.get(1).asText();
            network = switch (name) {
                case "ipv4" -> Network.IPV4;
                case "ipv6" -> Network.IPV6;
                case "onion" -> Network.TORV3;
                case "i2p" -> Network.I2P;
                case "cjdns" -> Network.CJDNS;
                default -> null;
            };
            if (network == null) {
                return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER,
                        "Network not recognized: " + name));
            }
        }
        Network filter = network;
        return onLoop(pm -> {
            ArrayNode out = JSON.arrayNode();
            for (io.mooring.wire.netaddress.PeerAddress a :
                    node.addrMan().getAddr(count, 0, filter, false, node.clock().instant())) {
                ObjectNode o = out.addObject();
                o.put("time", a.time());
                o.put("services", a.services());
                o.put("address", a.address().toString());
                o.put("port", a.port());
                o.put("network", a.address().network().rpcName());
            }
            return out;
        });
    }

    // ---- bans --------------------------------------------------------------------------------------------------------

    private CompletionStage<JsonNode> setBan(List<JsonNode> p) {
        String command = p.get(1).asText();
        if (!command.equals("add") && !command.equals("remove")) {
            return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_MISC_ERROR,
                    "setban \"subnet\" \"command\" ( bantime absolute )"));
        }
        java.util.Optional<SubNet> parsed = SubNet.tryParse(p.get(0).asText());
        if (parsed.isEmpty()) {
            return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_CLIENT_INVALID_IP_OR_SUBNET,
                    "Error: Invalid IP/Subnet"));
        }
        SubNet subNet = parsed.get();
        long banTime = p.size() > 2 && p.get(2) != null && !p.get(2).isNull() ? p.get(2).asLong() : 0;
        boolean absolute = p.size() > 3 && p.get(3) != null && p.get(3).asBoolean();
        return onLoop(pm -> {
            java.time.Instant now = node.clock().instant();
            if (command.equals("add")) {
                if (node.banMan().isBanned(subNet, now)) {
                    throw new RpcException(RpcErrorCode.RPC_CLIENT_NODE_ALREADY_ADDED, "Error: IP/Subnet already banned");
                }
                if (absolute && banTime < now.getEpochSecond()) {
                    throw new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER, "Error: Absolute timestamp is in the past");
                }
                node.banMan().ban(subNet, banTime, absolute, now);
                // Core disconnects every connected peer the new ban covers.
                for (PeerId id : List.copyOf(pm.peerIds())) {
                    if (subNet.matches(pm.peer(id).endpoint().address())) {
                        pm.disconnect(id, "banned by setban");
                    }
                }
            } else if (!node.banMan().unban(subNet)) {
                throw new RpcException(RpcErrorCode.RPC_CLIENT_INVALID_IP_OR_SUBNET,
                        "Error: Unban failed. Requested address/subnet was not previously manually banned.");
            }
            node.dumpBanList();
            return JSON.nullNode();
        });
    }

    private JsonNode listBanned() {
        long now = node.clock().instant().getEpochSecond();
        ArrayNode out = JSON.arrayNode();
        node.banMan().listBanned(node.clock().instant()).forEach((subNet, entry) -> {
            ObjectNode o = out.addObject();
            o.put("address", subNet.toString());
            o.put("ban_created", entry.createTime());
            o.put("banned_until", entry.banUntil());
            o.put("ban_duration", entry.banUntil() - entry.createTime());
            o.put("time_remaining", entry.banUntil() - now);
        });
        return out;
    }
}
