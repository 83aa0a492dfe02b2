package io.mooring.node;

import io.mooring.addrman.AddrMan;
import io.mooring.addrman.PeersDat;
import io.mooring.addrman.PeersDatException;
import io.mooring.anchors.AnchorQueue;
import io.mooring.anchors.AnchorsDat;
import io.mooring.banman.BanListException;
import io.mooring.banman.BanListJson;
import io.mooring.banman.BanMan;
import io.mooring.connman.NetPermissions;
import io.mooring.connman.OutboundAction;
import io.mooring.connman.OutboundChainState;
import io.mooring.connman.OutboundOptions;
import io.mooring.connman.OutboundPeerView;
import io.mooring.connman.OutboundPolicy;
import io.mooring.logging.LogCategory;
import io.mooring.net.ConnectionType;
import io.mooring.net.PeerId;
import io.mooring.net.PeerManager;
import io.mooring.net.PeerManagerOptions;
import io.mooring.netgroup.Asmap;
import io.mooring.netgroup.AsmapException;
import io.mooring.netgroup.NetGroupManager;
import io.mooring.netshell.NetworkShell;
import io.mooring.netshell.ShellOptions;
import io.mooring.rpc.RpcServer;
import io.mooring.rpc.RpcServerConfig;
import io.mooring.util.FastRandomContext;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: the composition root that turns a {@link NodeConfig} into a listening, connecting
 * {@link NetworkShell} around a {@link PeerManager}, ticks the {@link OutboundPolicy} (anchors, automatic outbound
 * connections from the address manager, -connect and -addnode peers, addr-fetch targets) on the node loop, and shuts
 * down gracefully.
 */
public final class MooringNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MooringNode.class);
    /** Core's LogDebug(BCLog::NET, ...). */
    private static final Logger NET = LogCategory.NET.logger();
    /** Core's ThreadOpenConnections sleeps 500 ms per round: the outbound policy is ticked as often. */
    static final Duration OUTBOUND_TICK = Duration.ofMillis(500);
    /** The time penalty Core applies to gossiped addresses. */
    static final Duration ADDR_TIME_PENALTY = Duration.ofHours(2);
    /** Core's DUMP_PEERS_INTERVAL. */
    static final Duration DUMP_PEERS_INTERVAL = Duration.ofMinutes(15);

    private final NodeConfig config;
    private final NodeClock clock;
    private final NetworkShell shell;
    private final Instant startedAt;
    /** Created at start (it needs the anchors read then); node loop only. */
    private volatile OutboundPolicy outbound;
    /** -connect/-addnode host names and those of the addnode RPC, resolved off the loop. */
    private final NamedPeers namedPeers;
    /** -natpmp: the port-mapping thread (null when off). */
    private PortMapper portMapper;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mooring-opencon");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private List<InetSocketAddress> boundAddresses = List.of();
    private RpcServer rpc;
    private final NetGroupManager netGroups;
    /** The address manager; touched only on the node loop (and by close() once the loop has stopped). */
    private final AddrMan addrMan;
    private final Path peersDat;
    /** Bans and discouragement; node loop only (and close() once the loop has stopped). */
    private final BanMan banMan;
    /** Inbound admission, eviction and permissions (-whitebind, -whitelist); node loop only. */
    private final InboundPeers inbound;
    private volatile boolean closing;
    /** DNS seeds, -seednode and fixed seeds (issue 4); null until start(). */
    private NodeDiscovery discovery;
    /** The chain: block store, block index, header sync and block download (node loop only). */
    private final ChainService chainService;
    /** Our own addresses (Core's mapLocalHost): -externalip, routable binds, interfaces; node loop only. */
    private final io.mooring.net.LocalAddresses localAddresses;

    /**
     * @throws ConfigException when the -asmap file is malformed: an operator input, so startup stops (as Core)
     */
    public MooringNode(NodeConfig config, Clock baseClock) throws ConfigException {
        this.config = config;
        this.clock = baseClock instanceof NodeClock nodeClock ? nodeClock : new NodeClock(baseClock);
        // Core's AppInitParameterInteraction: -mocktime=<n> replaces the clock from startup (SetMockTime), on any
        // chain; everything below reads the node clock, so it sees the mocked time too.
        if (config.mockTime() != 0) {
            this.clock.setMockTime(config.mockTime());
        }
        NodeClock clock = this.clock;
        this.startedAt = clock.instant();
        // -regtestroutableloopback (refused off regtest at startup): loopback routable, grouped by address and port.
        this.netGroups = loadNetGroups(config).withRoutableLoopback(config.regtestRoutableLoopback());
        this.peersDat = config.chainDir().resolve("peers.dat");
        this.addrMan = loadPeersDat(peersDat, config.chain().messageStart().toArray(), netGroups,
                new FastRandomContext(), clock);
        this.banMan = loadBanList(config.chainDir().resolve(BanListJson.FILE_NAME), new FastRandomContext(), clock);
        this.inbound = InboundPeers.fromConfig(config, shellOptions(config).maxInbound(), banMan, netGroups,
                new FastRandomContext());
        this.chainService = openChain(config, this.clock);
        java.util.Set<Network> reachable = reachableNetworks(config);
        this.localAddresses = new io.mooring.net.LocalAddresses(config.listen(), config.discover(), config.port(),
                a -> NetGroupManager.isRoutable(a, config.regtestRoutableLoopback()),
                a -> reachable.contains(a.network()));
        for (String external : config.externalIp()) {
            // Core: -externalip is a manual local address, with our port unless one is given; a host name is
            // resolved at startup (its first answer) and one that does not resolve stops startup.
            NetEndpoint local = switch (HostTargets.parse(external, config.port())) {
                case HostTargets.Numeric n -> n.endpoint();
                case HostTargets.Named n -> {
                    List<NetAddress> answers = config.dns()
                            ? HostTargets.resolver(config.dnsServer()).resolve(n.name().host()) : List.of();
                    if (answers.isEmpty()) {
                        throw new ConfigException("Cannot resolve -externalip address: '" + external + "'");
                    }
                    yield new NetEndpoint(answers.getFirst(), n.name().port());
                }
            };
            localAddresses.add(local, io.mooring.net.LocalAddresses.LOCAL_MANUAL);
        }
        // Mooring keeps every block it connects and serves them: NODE_NETWORK | NODE_WITNESS. It asks for no
        // transactions (no mempool), as a -blocksonly Core node.
        long services = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS
                | (config.v2Transport() ? ServiceFlags.NODE_P2P_V2 : 0); // Core: NODE_P2P_V2 with -v2transport
        PeerManagerOptions peerOptions = new PeerManagerOptions(services, config.userAgent(), false,
                PeerManagerOptions.MAX_MONEY, config.peerTimeout())
                .withRoutableLoopback(config.regtestRoutableLoopback())
                // Core's -blocksonly: no feefilter at all, and transactions only from peers with the relay permission.
                .withBlocksOnly(config.blocksOnly());
        this.shell = new NetworkShell(config.chain().magic(), shellOptions(config), this.clock, outbox -> {
            PeerManager pm = new PeerManager(peerOptions, new FastRandomContext(), outbox);
            // Core accepts NODE_NETWORK_LIMITED outbound peers only once initial block download is over, and
            // announces its tip height in version messages.
            NodeChain chain = chainService.chain();
            long nowSeconds = this.clock.instant().getEpochSecond();
            pm.setAcceptsLimitedPeers(!chain.isInitialBlockDownload(nowSeconds));
            pm.setStartHeight(chain.chainman().tip().height());
            chainService.onTipChanged(tip -> {
                pm.setStartHeight(tip.height());
                pm.setAcceptsLimitedPeers(!chain.isInitialBlockDownload(this.clock.instant().getEpochSecond()));
            });
            pm.setExtension(chainService.extension());
            // Core's ignore_incoming_txs: a -blocksonly node neither asks for nor accepts compact blocks.
            chainService.sync().blocks().setIgnoreIncomingTxs(config.blocksOnly());
            // Core's -blockreconstructionextratxn: the extra pool compact blocks are rebuilt from.
            chainService.sync().blocks().setMaxExtraTransactions(config.blockReconstructionExtraTxn());
            // Our own addresses (Core's mapLocalHost) and when to announce them: outside IBD, as Core.
            pm.setLocalAddresses(localAddresses);
            pm.setSelfAnnounceAllowed(() -> !chain.isInitialBlockDownload(this.clock.instant().getEpochSecond()));
            inbound.setLastBlockTimes(id -> chainService.sync().blocks().lastBlockTime(id).orElse(Instant.EPOCH));
            // Core: m_addrman.Add(vAddrOk, pfrom.addr, 2h) - gossip gets a two-hour time penalty.
            // Inbound admission (bans, limits, eviction, permissions) is the shell's InboundGate, set below.
            inbound.attachPeers(pm);
            pm.setMisbehaviourHandler(this::onMisbehaving);
            pm.setMappedAs(endpoint -> netGroups.mappedAs(endpoint.address())); // the connection line's mapped_as
            // -whitelist/-whitebind permissions the message logic acts on (NoBan for headers sync, Addr for getaddr).
            pm.setPermissions(io.mooring.net.PeerPermissions.of(
                    peer -> inbound.permissions(peer).has(NetPermissions.NOBAN),
                    peer -> inbound.permissions(peer).has(NetPermissions.ADDR))
                    .withRelay(peer -> inbound.permissions(peer).has(NetPermissions.RELAY))
                    .withMempool(peer -> inbound.permissions(peer).has(NetPermissions.MEMPOOL)));
            // Core's ProcessAddrs: banned and discouraged addresses are not relayed onward.
            pm.setAddrRelayFilter(a -> banMan.isBanned(a, clock.instant()) || banMan.isDiscouraged(a));
            // Core's GetAddresses: addrman's answer without banned or discouraged addresses.
            pm.setAddressSource((max, pct, now) -> addrMan.getAddr(max, pct, null, true, now).stream()
                    .filter(a -> !banMan.isBanned(a.address(), now) && !banMan.isDiscouraged(a.address()))
                    .toList());
            pm.setConnectionOutcomes(new PeerManager.ConnectionOutcomes() {
                @Override
                public void versionAccepted(PeerId peer, ConnectionType type, NetEndpoint endpoint, long services,
                                            Instant now) {
                    // Core (VERSION handling): for every non-inbound peer, overwrite its services and mark it Good.
                    if (type.isOutbound()) {
                        addrMan.setServices(endpoint, services);
                        addrMan.good(endpoint, now);
                    } else {
                        inbound.onInboundVersion(peer, pm.peer(peer).theirVersion());
                    }
                }

                @Override
                public void disconnected(PeerId peer, ConnectionType type, NetEndpoint endpoint, boolean handshaked,
                                         Instant now) {
                    inbound.onDisconnected(peer);
                    // Core (FinalizeNode): handshaked outbound peers other than block-relay-only refresh their time.
                    if (handshaked && type.isOutbound() && type != ConnectionType.BLOCK_RELAY) {
                        addrMan.connected(endpoint, now);
                    }
                }
            });
            pm.setAddressSink((peer, source, addresses) ->
                    addrMan.add(addresses, source.address(), ADDR_TIME_PENALTY, clock.instant()));
            return pm;
        });
        inbound.attachShell(shell);
        shell.setInboundGate(inbound);
        shell.setV2Transport(config.v2Transport());
        // Core's OpenNetworkConnection for the v1 redial after a failed v2 attempt: never to a banned or discouraged
        // address, nor one we are connected to by now.
        shell.setReconnectFilter((pm, target) -> !banMan.isBanned(target.address(), clock.instant())
                && !banMan.isDiscouraged(target.address()) && !alreadyConnected(pm, target));
        this.namedPeers = new NamedPeers(HostTargets.resolver(config.dnsServer()), config.dns(), shell,
                () -> outbound);
    }

    /** Core's -asmap handling at init: load, sanity-check, log the version; a bad file stops startup. */
    static NetGroupManager loadNetGroups(NodeConfig c) throws ConfigException {
        if (c.asmap().isEmpty()) {
            LOG.info("Using /16 prefix for IP bucketing");
            return NetGroupManager.noAsmap();
        }
        Path file = c.asmap().get();
        Asmap asmap;
        try {
            asmap = Asmap.load(file);
        } catch (AsmapException e) {
            throw new ConfigException("Could not parse asmap file \"" + file + "\" (" + e.reason() + ")");
        } catch (IOException e) {
            throw new ConfigException("Could not find asmap file \"" + file + "\"");
        }
        LOG.info("Opened asmap file \"{}\" ({} bytes) from disk", file, asmap.size());
        LOG.info("Using asmap version {} for IP bucketing", asmap.checksum());
        return NetGroupManager.withAsmap(asmap);
    }

    /**
     * Reads peers.dat as Core does at startup, except on a bad file: Core refuses to start, Mooring renames it to
     * peers.dat.bak (never overwriting evidence silently: an existing .bak gets a timestamp suffix), logs why, and
     * starts with an empty address manager.
     */
    static AddrMan loadPeersDat(Path file, byte[] magic, NetGroupManager groups, java.util.random.RandomGenerator rng,
                                Clock clock) {
        if (!Files.exists(file)) {
            LOG.info("Creating peers.dat because the file was not found (\"{}\")", file);
            return AddrMan.create(groups, rng);
        }
        long start = System.nanoTime();
        try {
            AddrMan am = PeersDat.load(file, magic, groups, rng);
            LOG.info("Loaded {} addresses from peers.dat  {}ms", am.size(), (System.nanoTime() - start) / 1_000_000);
            return am;
        } catch (PeersDatException | IOException e) {
            Path aside = file.resolveSibling("peers.dat.bak");
            if (Files.exists(aside)) {
                aside = file.resolveSibling("peers.dat.bak." + clock.millis());
            }
            try {
                Files.move(file, aside);
                LOG.warn("Invalid or corrupt peers.dat ({}). Moved it to \"{}\" and starting with an empty address "
                        + "manager.", e.getMessage(), aside);
            } catch (IOException moveFailed) {
                LOG.error("Invalid or corrupt peers.dat ({}), and it could not be moved aside: {}", e.getMessage(),
                        moveFailed.toString());
            }
            return AddrMan.create(groups, rng);
        }
    }

    /** Core's m_use_addrman_outgoing: false with -connect (any value) or -noconnect; anchors are used only then. */
    private boolean addrmanOutboundEnabled() {
        return !config.connectDisabled() && config.connect().isEmpty();
    }

    /**
     * Core's CConnman::Start: read anchors.dat (it is deleted whatever it held) and log how many will be tried. The
     * {@link OutboundPolicy} opens block-relay-only connections to them before any other outbound connection, newest
     * last in the file first, and drops (without retry) one that is invalid, ours, unreachable, lacks the desirable
     * services or shares a netgroup with an outbound peer, as Core does.
     */
    private AnchorQueue readAnchors() {
        AnchorsDat.ReadResult read = AnchorsDat.readAndDelete(config.chainDir().resolve(AnchorsDat.FILE_NAME),
                config.chain().magic());
        read.error().ifPresent(e -> NET.debug("anchors.dat not used: {}", e.getMessage()));
        read.loadedLogLine().ifPresent(LOG::info);
        AnchorQueue queue = read.queue();
        LOG.info(queue.logLine());
        return queue;
    }

    /**
     * Core's g_reachable_nets after -onlynet and the proxies: IPv4/IPv6 unless -onlynet leaves them out; onion only
     * through a proxy (-onion, else -proxy). I2P (SAM) and CJDNS are not supported yet: never reachable.
     */
    static java.util.Set<Network> reachableNetworks(NodeConfig c) {
        java.util.Set<Network> nets = java.util.EnumSet.noneOf(Network.class);
        List<String> only = c.onlyNet();
        if (only.isEmpty() || only.contains("ipv4")) nets.add(Network.IPV4);
        if (only.isEmpty() || only.contains("ipv6")) nets.add(Network.IPV6);
        if (c.onion().or(c::proxy).isPresent() && (only.isEmpty() || only.contains("onion"))) nets.add(Network.TORV3);
        return nets;
    }

    private OutboundPolicy newOutboundPolicy(AnchorQueue anchors) {
        int defaultPort = config.chain().defaultPort();
        // Numeric targets go to the policy now; host names once the resolver thread has an answer (NamedPeers).
        List<NetEndpoint> connect = new ArrayList<>();
        for (String target : config.connectDisabled() ? List.<String>of() : config.connect()) {
            switch (HostTargets.parse(target, defaultPort)) {
                case HostTargets.Numeric n -> connect.add(n.endpoint());
                case HostTargets.Named n -> namedPeers.add(n.name(), NamedPeers.Kind.CONNECT);
            }
        }
        List<NetEndpoint> addNodes = new ArrayList<>();
        for (String target : config.addNode()) {
            switch (HostTargets.parse(target, defaultPort)) {
                case HostTargets.Numeric n -> addNodes.add(n.endpoint());
                case HostTargets.Named n -> namedPeers.add(n.name(), NamedPeers.Kind.ADDNODE);
            }
        }
        OutboundOptions options = new OutboundOptions(config.maxConnections(), addrmanOutboundEnabled(), connect,
                addNodes, reachableNetworks(config), true,
                Duration.ofSeconds(config.chain().consensus().pow().targetSpacing()));
        // Core's IsLocal(addr) looks in mapLocalHost (our discovered and -externalip addresses); a connection to
        // ourselves through an address not in it is still caught by the version nonce.
        return new OutboundPolicy(options, addrMan, anchors,
                a -> banMan.isBanned(a, clock.instant()) || banMan.isDiscouraged(a), localAddresses::isLocal,
                new FastRandomContext(), clock.instant());
    }
    /**
     * Core's StopNodes: on a clean shutdown (and only when addrman outbound is in use) the first two block-relay-only
     * connections, handshaked or not, become anchors.dat, each as the address was when we connected (with the
     * services the address manager knew then, not those of their version).
     */
    private void dumpAnchors() {
        if (!addrmanOutboundEnabled()) {
            return;
        }
        List<PeerAddress> blockRelay = shell.query(pm -> {
            List<PeerAddress> out = new ArrayList<>();
            for (PeerId id : pm.peerIds()) {
                io.mooring.net.Peer p = pm.peer(id);
                if (p.connectionType() == ConnectionType.BLOCK_RELAY) {
                    // Core stores the services known when it connected (NONE for an addconnection peer, which then
                    // is never retried as an anchor); Mooring stores what the peer announced in its version when it
                    // has one, so an anchor opened by hand is retried too. A peer that never sent a version (as in
                    // feature_anchors.py's onion case) still gets the services known at connect time.
                    long services = p.theirVersion() != null ? p.theirVersion().services() : p.knownServices();
                    out.add(new PeerAddress(p.connectedAt().getEpochSecond(), services, p.endpoint()));
                }
            }
            return out;
        }).join();
        List<PeerAddress> anchors = AnchorsDat.selectForDump(blockRelay);
        long start = System.nanoTime();
        LOG.info("DumpAnchors: Flush {} outbound block-relay-only peer addresses to anchors.dat started", anchors.size());
        try {
            AnchorsDat.writeAtomically(config.chainDir().resolve(AnchorsDat.FILE_NAME), config.chain().magic(), anchors);
        } catch (IOException e) {
            LOG.error("Failed to write anchors.dat: {}", e.toString());
        }
        LOG.info("DumpAnchors: Flush {} outbound block-relay-only peer addresses to anchors.dat completed ({}s)",
                anchors.size(), String.format("%.2f", (System.nanoTime() - start) / 1e9));
    }

    /**
     * Core's MaybeDiscourageAndDisconnect: noban and manual peers are neither discouraged nor disconnected; local
     * addresses are disconnected but not discouraged; everyone else is discouraged and disconnected.
     */
    boolean onMisbehaving(PeerId id, ConnectionType type, NetEndpoint endpoint, String reason) {
        if (inbound.permissions(id).has(NetPermissions.NOBAN)) {
            LOG.warn("Warning: not punishing noban peer {}!", id);
            return false;
        }
        if (type == ConnectionType.MANUAL) {
            LOG.warn("Warning: not punishing manually connected peer {}!", id);
            return false;
        }
        if (endpoint.address().isLocal()) {
            NET.debug("Warning: disconnecting but not discouraging local peer {}!", id);
            return true;
        }
        NET.debug("Disconnecting and discouraging peer {}!", id);
        banMan.discourage(endpoint.address());
        return true;
    }

    /** Reads banlist.json; a bad file is moved to banlist.json.bak and the node starts with no bans. */
    static BanMan loadBanList(Path file, java.util.random.RandomGenerator rng, Clock clock) {
        BanMan bans = new BanMan(BanMan.DEFAULT_BAN_TIME, rng);
        if (!Files.exists(file)) {
            bans.recreate();
            return bans;
        }
        try {
            BanListJson.Decoded decoded = BanListJson.read(file);
            decoded.dropped().forEach(line -> NET.debug(line));
            bans.load(decoded.bans(), clock.instant()).forEach(line -> NET.debug(line));
            LOG.info("Loaded {} banned node addresses/subnets", decoded.bans().size());
        } catch (BanListException e) {
            Path aside = file.resolveSibling(BanListJson.FILE_NAME + ".bak");
            try {
                Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                LOG.warn("Invalid or corrupt banlist.json ({}). Moved it to \"{}\"; starting with no bans.",
                        e.getMessage(), aside);
            } catch (IOException moveFailed) {
                LOG.error("Invalid or corrupt banlist.json ({}), and it could not be moved aside: {}", e.getMessage(),
                        moveFailed.toString());
            }
            bans.recreate();
        }
        return bans;
    }

    /** Writes banlist.json if it changed (Core's DumpBanlist); node loop, or after it stopped. */
    void dumpBanList() {
        if (!banMan.isDirty()) {
            return;
        }
        try {
            BanListJson.writeAtomically(config.chainDir().resolve(BanListJson.FILE_NAME),
                    banMan.listBanned(clock.instant()), "Mooring");
            banMan.markClean();
        } catch (IOException e) {
            LOG.error("Failed to write banlist.json: {}", e.toString());
        }
    }

    /** The ban manager (node loop only). */
    BanMan banMan() {
        return banMan;
    }

    /** Inbound admission and permissions (node loop only). */
    InboundPeers inboundPeers() {
        return inbound;
    }

    /** The permissions of a connection, as getpeerinfo lists them (node loop only). */
    NetPermissions permissions(PeerId id) {
        return inbound.permissions(id);
    }

    /** Writes peers.dat atomically (Core's DumpAddresses); on the node loop, or after it stopped. */
    private void dumpPeersDat() {
        long start = System.nanoTime();
        try {
            PeersDat.save(addrMan, config.chain().messageStart().toArray(), peersDat, new FastRandomContext());
            NET.debug("Flushed {} addresses to peers.dat  {}ms", addrMan.size(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            LOG.error("Failed to write peers.dat: {}", e.toString());
        }
    }

    /**
     * Opens the chain store in {@code <chaindir>/blocks}; a store that cannot be opened or loaded is renamed aside
     * and the node starts from genesis (it downloads the chain again) rather than refusing to start.
     */
    static ChainService openChain(NodeConfig config, NodeClock clock) throws ConfigException {
        try {
            return new ChainService(config.chain(), clock,
                    () -> ChainStores.open(config.chainDir(), config.chain()),
                    () -> ChainStores.setAside(config.chainDir(), clock));
        } catch (IOException e) {
            throw new ConfigException("Error opening block database: " + e.getMessage());
        }
    }

    /**
     * Core's Bind (routable bound addresses are LOCAL_BIND) and Discover (interface addresses are LOCAL_IF), both only
     * with -discover; loopback interfaces are skipped even with -regtestroutableloopback (a node bound to 127.0.0.2
     * must not announce 127.0.0.1).
     */
    private void discoverLocalAddresses() {
        if (!config.discover() || !config.listen()) return;
        for (InetSocketAddress bound : boundAddresses) {
            if (!bound.getAddress().isAnyLocalAddress()) {
                localAddresses.add(new NetEndpoint(NetAddress.fromInetAddress(bound.getAddress()), bound.getPort()),
                        io.mooring.net.LocalAddresses.LOCAL_BIND);
            }
        }
        try {
            for (java.net.NetworkInterface nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (java.net.InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
                    if (localAddresses.add(new NetEndpoint(NetAddress.fromInetAddress(a), config.port()),
                            io.mooring.net.LocalAddresses.LOCAL_IF)) {
                        LOG.info("{}: {} - {}", "Discover", nif.getName(), a.getHostAddress());
                    }
                }
            }
        } catch (java.net.SocketException e) {
            LOG.warn("Could not list network interfaces: {}", e.getMessage());
        }
    }

    /** Our routable IPv6 interface addresses: the PCP pinholes Core opens on an IPv6 gateway. */
    static List<NetAddress> routableLocalIpv6() {
        List<NetAddress> out = new ArrayList<>();
        try {
            for (java.net.NetworkInterface nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) continue;
                for (java.net.InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
                    NetAddress n = NetAddress.fromInetAddress(a);
                    if (n.isIPv6() && n.isRoutable()) out.add(n);
                }
            }
        } catch (java.net.SocketException e) {
            LOG.warn("Could not list network interfaces: {}", e.getMessage());
        }
        return out;
    }

    /** The chain state (node loop only). */
    NodeChain chain() {
        return chainService.chain();
    }

    /** The chain service: chain sync and store (node loop only). */
    ChainService chainService() {
        return chainService;
    }

    /** Bytes of block files and index on disk (getblockchaininfo's size_on_disk). */
    long chainSizeOnDisk() {
        return ChainStores.sizeOnDisk(config.chainDir());
    }

    /** The address manager (node loop only). */
    AddrMan addrMan() {
        return addrMan;
    }

    /** Core's netgroups, by AS with -asmap (used by the address manager and outbound diversity, issues 4-5). */
    public NetGroupManager netGroups() {
        return netGroups;
    }

    static ShellOptions shellOptions(NodeConfig c) {
        List<InetSocketAddress> binds = new ArrayList<>();
        if (c.listen()) {
            if (c.bind().isEmpty() && c.whitebind().isEmpty()) {
                // Core listens on every interface, IPv4 and IPv6, at -port, unless told where (-bind, -whitebind).
                binds.add(new InetSocketAddress("::", c.port()));
            } else {
                for (String b : c.bind()) {
                    NetEndpoint e = NetEndpoint.parse(b, c.port());
                    binds.add(new InetSocketAddress(e.address().toInetAddress(), e.port()));
                }
                for (String w : c.whitebind()) {
                    try {
                        NetEndpoint e = NetPermissions.parseWhitebind(w).endpoint();
                        binds.add(new InetSocketAddress(e.address().toInetAddress(), e.port()));
                    } catch (NetPermissions.ParseException e) {
                        throw new IllegalStateException("unvalidated -whitebind: " + e.getMessage(), e);
                    }
                }
            }
        }
        return new ShellOptions(binds, c.maxConnections(), (int) Math.min(Integer.MAX_VALUE, c.maxReceiveBufferBytes()),
                (int) Math.min(Integer.MAX_VALUE, c.maxSendBufferBytes()), proxy(c.proxy().orElse(null)),
                proxy(c.onion().orElse(c.proxy().orElse(null))), c.proxyRandomize(), c.connectTimeout());
    }

    private static InetSocketAddress proxy(String text) {
        if (text == null || text.isEmpty() || text.equals("0")) {
            return null;
        }
        NetEndpoint e = NetEndpoint.parse(text, 9050);
        return new InetSocketAddress(e.address().toInetAddress(), e.port());
    }

    /** Starts listening and the manual connections. */
    public void start() throws InterruptedException {
        boundAddresses = shell.start();
        shell.onLoop(this::discoverLocalAddresses).join();
        shell.setNetworkActive(config.networkActive());
        // Core reads anchors only when the address manager is used for outbound connections (no -connect).
        outbound = newOutboundPolicy(addrmanOutboundEnabled() ? readAnchors() : new AnchorQueue(List.of()));
        namedPeers.start();
        if (config.natPmp() && config.listen()) {
            // Core's StartMapPort(-natpmp): mapped external addresses become LOCAL_MAPPED local addresses.
            portMapper = new PortMapper(config.port(),
                    config.natPmpGateway().map(g -> NetEndpoint.parse(g, io.mooring.mapport.PortMapMessages.SERVER_PORT)),
                    external -> shell.onLoop(() -> localAddresses.add(external,
                            io.mooring.net.LocalAddresses.LOCAL_MAPPED)),
                    MooringNode::routableLocalIpv6).start();
        }
        scheduler.scheduleWithFixedDelay(this::tickOutbound, 0, OUTBOUND_TICK.toMillis(), TimeUnit.MILLISECONDS);
        // Core adds fixed seeds at once only when no -addnode peer exists either.
        discovery = new NodeDiscovery(config, shell, addrMan, clock, () -> !config.addNode().isEmpty(),
                this::queueAddrFetch, namedPeers::resolveOnce).start(addrmanOutboundEnabled());
        // Core's DUMP_PEERS_INTERVAL: peers.dat is written every 15 minutes (and at shutdown).
        scheduler.scheduleAtFixedRate(() -> shell.onLoop(this::dumpPeersDat), DUMP_PEERS_INTERVAL.toMinutes(),
                DUMP_PEERS_INTERVAL.toMinutes(), TimeUnit.MINUTES);
        // Core's DUMP_BANS_INTERVAL: expired bans are swept and the list written when it changed.
        scheduler.scheduleAtFixedRate(() -> shell.onLoop(() -> {
            banMan.sweep(clock.instant()).forEach(line -> NET.debug(line));
            dumpBanList();
        }), DUMP_PEERS_INTERVAL.toMinutes(), DUMP_PEERS_INTERVAL.toMinutes(), TimeUnit.MINUTES);
        shell.onLoop(this::dumpBanList);
        if (config.server()) {
            startRpc();
        }
        LOG.info("init message: Done loading");
    }

    /** One round of the outbound policy on the node loop (Core's ThreadOpenConnections/ThreadOpenAddedConnections). */
    private void tickOutbound() {
        if (closing || !shell.isNetworkActive()) {
            return;
        }
        shell.query(pm -> {
            Instant now = clock.instant();
            List<OutboundPeerView> peers = new ArrayList<>();
            for (PeerId id : pm.peerIds()) {
                io.mooring.net.Peer p = pm.peer(id);
                var blocks = chainService.sync().blocks();
                peers.add(new OutboundPeerView(id.value(), p.endpoint(), p.connectionType(),
                        p.isSuccessfullyConnected(), p.isDisconnecting(), p.connectedAt(),
                        blocks.lastBlockTime(id).orElse(Instant.EPOCH),
                        chainService.sync().headers().lastBlockAnnouncement(id).orElse(Instant.EPOCH),
                        blocks.inFlightHeights(id).size(), false));
            }
            for (OutboundAction action : outbound.tick(now, peers, chainService.outboundState(now))) {
                switch (action) {
                    case OutboundAction.OpenConnection open -> openConnection(pm, open, now);
                    case OutboundAction.Disconnect d -> pm.disconnect(new PeerId(d.peerId()), d.reason());
                }
            }
            return null;
        }).exceptionally(e -> {
            LOG.error("outbound connection round failed", e);
            return null;
        });
    }

    /**
     * Core's ConnectNode refusal: never a second connection to an address and port we are already connected to
     * (inbound or outbound). Node loop.
     */
    boolean alreadyConnected(PeerManager pm, NetEndpoint target) {
        for (PeerId id : pm.peerIds()) {
            if (pm.peer(id).endpoint().equals(target)) {
                LOG.info("Failed to open new connection to {}, already connected", target);
                return true;
            }
        }
        return false;
    }

    /** Core's OpenNetworkConnection/ConnectNode for one action of the policy; node loop. */
    private void openConnection(PeerManager pm, OutboundAction.OpenConnection open, Instant now) {
        NetEndpoint target = open.address().endpoint();
        if (alreadyConnected(pm, target)) {
            outbound.attemptFinished(target);
            return;
        }
        long seen = open.address().time();
        NET.debug("trying v1 connection {} lastseen={}hrs", target,
                String.format("%.1f", seen == 0 ? 0.0 : (now.getEpochSecond() - seen) / 3600.0));
        // Core's ConnectNode: addrman.Attempt (failures counted only when the policy says we are evidently online).
        addrMan.attempt(target, open.countFailure(), now);
        shell.connect(target, open.type(), open.address().services()).whenComplete((peer, err) -> {
            if (err != null) {
                NET.debug("connection to {} failed: {}", target, err.toString());
            }
            if (!closing) {
                shell.onLoop(() -> outbound.attemptFinished(target));
            }
        });
    }

    /** addnode add: false when the target is already in the list (Core's RPC_CLIENT_NODE_ALREADY_ADDED). */
    boolean addManualTarget(NetEndpoint target) {
        return shell.query(pm -> outbound.addNode(target)).join();
    }

    /** addnode add with a host name: false when the name is already in the list. */
    boolean addNamedTarget(HostTargets.HostName name) {
        return namedPeers.add(name, NamedPeers.Kind.ADDNODE);
    }

    /** addnode remove with a host name: false when it was never added. */
    boolean removeNamedTarget(HostTargets.HostName name) {
        return namedPeers.remove(name);
    }

    /** addnode onetry with a host name: resolves it (not on the node loop); null when it does not resolve. */
    NetEndpoint resolveOnce(HostTargets.HostName name) {
        return namedPeers.resolveOnce(name);
    }

    /** addnode remove: false when the target was never added. */
    boolean removeManualTarget(NetEndpoint target) {
        return shell.query(pm -> outbound.removeNode(target)).join();
    }

    /**
     * Core's AddAddrFetch: {@code target} is opened as a short-lived ADDR_FETCH connection before other automatic
     * connections (-seednode, DNS seeds used as peers). Any thread.
     */
    public void queueAddrFetch(NetEndpoint target) {
        shell.onLoop(() -> outbound.queueAddrFetch(target));
    }

    /**
     * Core's AddConnection capacity rule (addconnection RPC), on the node loop: at most 8 full-relay and 2
     * block-relay-only outbound peers, and at most min(11, maxconnections) automatic outbound connections in all.
     */
    boolean hasOutboundSlot(PeerManager pm, ConnectionType type) {
        int ofType = 0;
        int automatic = 0;
        for (PeerId id : pm.peerIds()) {
            ConnectionType t = pm.peer(id).connectionType();
            if (t == type) ofType++;
            if (t.isOutbound() && t != ConnectionType.MANUAL) automatic++;
        }
        int max = config.maxConnections();
        if (type == ConnectionType.OUTBOUND_FULL_RELAY && ofType >= Math.min(8, max)) return false;
        if (type == ConnectionType.BLOCK_RELAY && ofType >= Math.min(2, Math.max(0, max - Math.min(8, max)))) return false;
        return automatic < Math.min(ShellOptions.AUTOMATIC_OUTBOUND, max);
    }

    private void startRpc() throws InterruptedException {
        List<InetSocketAddress> binds = new ArrayList<>();
        if (config.rpcBind().isEmpty()) {
            binds.addAll(RpcServerConfig.loopback(config.rpcPort()));
        } else {
            for (String b : config.rpcBind()) {
                NetEndpoint e = NetEndpoint.parse(b, config.rpcPort());
                binds.add(new InetSocketAddress(e.address().toInetAddress(), e.port()));
            }
        }
        // Core's InitRPCAuthentication: an empty -rpcpassword means cookie authentication, the cookie going to
        // -rpccookiefile (none with -norpccookiefile); -rpcauth entries are accepted besides either.
        String password = config.rpcPassword().orElse("");
        RpcServerConfig rpcConfig = !password.isEmpty()
                ? RpcServerConfig.withPassword(binds, config.rpcUser().orElse(""), password)
                : RpcServerConfig.withCookieFile(binds, config.rpcCookieFile().orElse(null));
        rpcConfig = rpcConfig.withThreads(config.rpcThreads(), RpcServerConfig.DEFAULT_WORK_QUEUE)
                .withAllowIps(config.rpcAllowIp())
                .withRpcAuth(config.rpcAuth());
        rpc = new RpcServer(rpcConfig, clock, this::requestStop);
        new NetRpc(this).register(rpc.methods());
        new ChainRpc(this).register(rpc.methods());
        try {
            rpc.start();
        } catch (Exception e) {
            throw new IllegalStateException("Unable to start HTTP server. See debug log for details. (" + e.getMessage()
                    + ")", e);
        }
    }

    /** The RPC server, or null when -server=0. */
    public RpcServer rpcServer() {
        return rpc;
    }

    /** The stop RPC: answer first, then shut down off the RPC thread. */
    private void requestStop() {
        Thread t = new Thread(this::close, "mooring-stop");
        t.start();
    }

    public NetworkShell shell() {
        return shell;
    }

    /** Our own addresses (Core's mapLocalHost); node loop only. */
    io.mooring.net.LocalAddresses localAddresses() {
        return localAddresses;
    }

    /** The outbound policy (null before start); node loop only. */
    OutboundPolicy outboundPolicy() {
        return outbound;
    }

    public NodeConfig config() {
        return config;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public NodeClock clock() {
        return clock;
    }

    public List<InetSocketAddress> boundAddresses() {
        return boundAddresses;
    }

    /** Blocks until {@link #close()} has finished (the stop RPC or a signal). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Waits at most {@code timeout} for the node to stop; throws if it has not. */
    public void awaitStopFor(Duration timeout) throws InterruptedException, java.util.concurrent.TimeoutException {
        if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new java.util.concurrent.TimeoutException("node still running");
        }
    }

    /** Graceful shutdown: stop opening connections, disconnect everyone, stop the loops. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        LOG.info("Shutdown: In progress...");
        scheduler.shutdownNow();
        namedPeers.close();
        if (portMapper != null) {
            portMapper.close();
        }
        if (discovery != null) {
            discovery.close();
        }
        if (rpc != null) {
            rpc.stop();
        }
        dumpAnchors();
        shell.close();
        // The node loop has stopped: nothing else touches the address manager, the ban list or the chain now.
        chainService.close();
        dumpPeersDat();
        dumpBanList();
        stopped.countDown();
    }
}
