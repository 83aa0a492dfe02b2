package io.mooring.node;

import io.mooring.addrman.AddrMan;
import io.mooring.logging.LogCategory;
import io.mooring.net.ConnectionType;
import io.mooring.net.PeerId;
import io.mooring.net.PeerManager;
import io.mooring.netshell.NetworkShell;
import io.mooring.seeds.DnsSeeding;
import io.mooring.seeds.FixedSeeds;
import io.mooring.seeds.SeedNodes;
import io.mooring.util.FastRandomContext;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node finds addresses when its address manager cannot help (issue 4): DNS seeds on their own thread
 * ({@link DnsSeeder}), and, every 500 ms on the node loop as Core's ThreadOpenConnections passes, the -seednode
 * addr-fetch connections ({@link SeedNodes}) and the fixed-seed fallback ({@link FixedSeeds}). The decisions live in
 * {@code io.mooring.seeds}; this class only feeds them the node's state and carries out what they say.
 *
 * <p>Seed nodes are opened here straight through the shell as ADDR_FETCH connections; once the connection manager's
 * outbound policy exists it should take them (its addr-fetch queue).
 */
final class NodeDiscovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDiscovery.class);
    private static final Logger NET = LogCategory.NET.logger();

    private final NodeConfig config;
    private final NetworkShell shell;
    private final AddrMan addrMan;
    private final Clock clock;
    private final BooleanSupplier addedNodes;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mooring-seeds");
        t.setDaemon(true);
        return t;
    });
    private DnsSeeder dns;
    private SeedNodes seedNodes;
    private FixedSeeds fixedSeeds;

    /**
     * @param addedNodes whether any -addnode / addnode RPC target exists (another source before fixed seeds)
     * @param resolveName a -seednode host name to one of its addresses, or null (blocking; -dns applies)
     */
    NodeDiscovery(NodeConfig config, NetworkShell shell, AddrMan addrMan, Clock clock, BooleanSupplier addedNodes,
                  java.util.function.Consumer<NetEndpoint> addrFetch,
                  java.util.function.Function<HostTargets.HostName, NetEndpoint> resolveName) {
        this.addrFetch = addrFetch;
        this.resolveName = resolveName;
        this.config = config;
        this.shell = shell;
        this.addrMan = addrMan;
        this.clock = clock;
        this.addedNodes = addedNodes;
    }

    /**
     * Core's CConnman::Start for discovery: the DNS seed thread unless -dnsseed=0 ("DNS seeding disabled"), and the
     * seed-node and fixed-seed passes of the connection thread when automatic outbound connections are in use.
     */
    NodeDiscovery start(boolean addrmanOutbound) {
        Instant now = clock.instant();
        if (!config.dnsSeed()) {
            LOG.info("DNS seeding disabled");
        } else {
            DnsSeeding seeding = new DnsSeeding(config.chain().dnsSeeds(), config.forceDnsSeed(),
                    !config.seedNode().isEmpty(), new FastRandomContext(), now);
            dns = new DnsSeeder(seeding, DnsSeeder.dnsjava(config.dnsServer(), DnsSeeder.QUERY_TIMEOUT),
                    this::status, this::addFromSeed, this::addrFetchByName, config.chain().defaultPort(), clock,
                    new FastRandomContext()).start();
        }
        if (addrmanOutbound) {
            int size = shell.query(pm -> addrMan.size()).join();
            seedNodes = new SeedNodes(config.seedNode(), size, new FastRandomContext(), now);
            fixedSeeds = new FixedSeeds(config.fixedSeeds(), config.dnsSeed(), !config.seedNode().isEmpty(), now);
            loop.scheduleWithFixedDelay(() -> shell.query(pm -> {
                openConnectionsPass(pm);
                return null;
            }), 0, 500, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Core's GetFullOutboundConnCount: handshaked full-relay outbound peers. */
    static int fullOutboundPeers(PeerManager pm) {
        int n = 0;
        for (PeerId id : pm.peerIds()) {
            io.mooring.net.Peer p = pm.peer(id);
            if (p.connectionType() == ConnectionType.OUTBOUND_FULL_RELAY && p.isSuccessfullyConnected()) {
                n++;
            }
        }
        return n;
    }

    private DnsSeeding.Status status() {
        // Bounded: a node loop that stopped (shutdown) must not hold the seeding thread forever.
        return shell.query(pm -> new DnsSeeding.Status(addrMan.size(), fullOutboundPeers(pm),
                shell.isNetworkActive())).orTimeout(30, TimeUnit.SECONDS).join();
    }

    private void addFromSeed(List<PeerAddress> found, NetAddress source) {
        shell.onLoop(() -> addrMan.add(found, source, clock.instant()));
    }

    /** Core's AddAddrFetch(seed name): Mooring resolves the name itself and fetches from its first address. */
    private void addrFetchByName(String name) {
        List<NetAddress> addresses = DnsSeeder.dnsjava(config.dnsServer(), DnsSeeder.QUERY_TIMEOUT).resolve(name);
        if (addresses.isEmpty()) {
            NET.debug("DNS seed {} did not resolve; no addr-fetch connection", name);
            return;
        }
        openAddrFetch(new NetEndpoint(addresses.getFirst(), config.chain().defaultPort()));
    }

    /** Core's AddAddrFetch: the outbound policy opens queued addr-fetch connections before any other. */
    private void openAddrFetch(NetEndpoint target) {
        addrFetch.accept(target);
    }

    private final java.util.function.Consumer<NetEndpoint> addrFetch;
    private final java.util.function.Function<HostTargets.HostName, NetEndpoint> resolveName;

    /** One 500 ms pass of Core's ThreadOpenConnections, the seed parts; on the node loop. */
    private void openConnectionsPass(PeerManager pm) {
        if (!shell.isNetworkActive()) {
            return;
        }
        Instant now = clock.instant();
        int outbound = fullOutboundPeers(pm);
        seedNodes.next(now, addrMan.size(), outbound).ifPresent(seed -> {
            HostTargets.Target target;
            try {
                target = HostTargets.parse(seed, config.chain().defaultPort());
            } catch (IllegalArgumentException e) {
                LOG.warn("-seednode {} is not an address Mooring can connect to: {}", seed, e.getMessage());
                return;
            }
            switch (target) {
                case HostTargets.Numeric n -> openAddrFetch(n.endpoint());
                case HostTargets.Named n -> {
                    // Core resolves a -seednode name when it connects (ConnectNode's Lookup); not on the node loop.
                    if (!config.dns()) {
                        LOG.info("-dns=0: -seednode {} is not resolved", seed);
                        return;
                    }
                    loop.execute(() -> {
                        NetEndpoint resolved = resolveName.apply(n.name());
                        if (resolved == null) {
                            NET.debug("Cannot resolve -seednode {}", seed);
                            return;
                        }
                        openAddrFetch(resolved);
                    });
                }
            }
        });
        if (fixedSeeds.pending()) {
            Set<Network> empty = reachableEmptyNetworks();
            fixedSeeds.check(now, empty, addedNodes.getAsBoolean()).ifPresent(reason -> {
                List<PeerAddress> seeds = FixedSeeds.addresses(config.chain().fixedSeeds(), empty, now,
                        new FastRandomContext());
                addrMan.add(seeds, FixedSeeds.SOURCE, now);
                LOG.info(FixedSeeds.addedLogLine(seeds.size()));
            });
        }
    }

    /**
     * Core's GetReachableEmptyNetworks: reachable networks (IPv4 and IPv6, narrowed by -onlynet; Mooring reaches no
     * other network yet) with no address in the address manager.
     */
    private Set<Network> reachableEmptyNetworks() {
        Set<Network> out = EnumSet.noneOf(Network.class);
        for (Network n : List.of(Network.IPV4, Network.IPV6)) {
            boolean reachable = config.onlyNet().isEmpty() || config.onlyNet().contains(n.rpcName());
            if (reachable && addrMan.size(n, null) == 0) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        if (dns != null) {
            dns.close();
        }
    }
}
