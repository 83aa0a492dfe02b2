package io.mooring.seeds;

import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixed-seed fallback of Core's {@code CConnman::ThreadOpenConnections}, as a sans-I/O decision the node ticks:
 * once, when some reachable network has no address in the address manager and either 60 s have passed since the
 * connection thread started or there is no other source of addresses (-dnsseed=0, no -seednode and no added node),
 * the chain's fixed seeds for those networks are added with the source {@code SetInternal("fixedseeds")}.
 */
public final class FixedSeeds {
    private static final Logger LOG = LoggerFactory.getLogger(FixedSeeds.class);

    /** How long DNS seeds, seed nodes and added nodes get to fill the address manager first. */
    public static final Duration FIXED_SEEDS_DELAY = Duration.ofMinutes(1);
    /** Core's source for fixed seeds in the address manager. */
    public static final NetAddress SOURCE = NetAddress.internal("fixedseeds");

    /** Why the fixed seeds are being added now (each has Core's log line). */
    public enum Reason {
        AFTER_60_SECONDS("Adding fixed seeds as 60 seconds have passed and addrman is empty for at least one "
                + "reachable network"),
        NO_OTHER_SOURCES("Adding fixed seeds as -dnsseed=0 (or IPv4/IPv6 connections are disabled via -onlynet) "
                + "and neither -addnode nor -seednode are provided");

        private final String logLine;

        Reason(String logLine) {
            this.logLine = logLine;
        }

        public String logLine() {
            return logLine;
        }
    }

    private final boolean dnsSeed;
    private final boolean seedNodes;
    private final Instant started;
    private boolean pending;

    /**
     * @param enabled   -fixedseeds
     * @param dnsSeed   -dnsseed (after parameter interaction)
     * @param seedNodes whether -seednode was given
     * @param started   when the connection thread started
     */
    public FixedSeeds(boolean enabled, boolean dnsSeed, boolean seedNodes, Instant started) {
        this.pending = enabled;
        this.dnsSeed = dnsSeed;
        this.seedNodes = seedNodes;
        this.started = Objects.requireNonNull(started);
        if (!enabled) {
            LOG.info("Fixed seeds are disabled");
        }
    }

    /** Whether the fixed seeds may still be added (enabled and not added yet). */
    public boolean pending() {
        return pending;
    }

    /**
     * One tick of the decision.
     *
     * @param emptyReachableNetworks reachable networks (not internal, not unroutable) with no address in addrman
     * @param addedNodes             whether any -addnode (or addnode RPC) target exists
     * @return the reason to add the seeds now, logged; empty to wait (or when they were already added)
     */
    public Optional<Reason> check(Instant now, Set<Network> emptyReachableNetworks, boolean addedNodes) {
        if (!pending || emptyReachableNetworks.isEmpty()) {
            return Optional.empty();
        }
        Reason reason = null;
        if (now.isAfter(started.plus(FIXED_SEEDS_DELAY))) {
            reason = Reason.AFTER_60_SECONDS;
        } else if (!dnsSeed && !seedNodes && !addedNodes) {
            reason = Reason.NO_OTHER_SOURCES;
        }
        if (reason != null) {
            pending = false;
            LOG.info(reason.logLine());
        }
        return Optional.ofNullable(reason);
    }

    /**
     * Core's ConvertSeeds filtered to the empty reachable networks: each seed with NODE_NETWORK | NODE_WITNESS and a
     * time between 14 and 7 days ago at random. The caller adds them with {@link #SOURCE} and logs
     * {@link #addedLogLine(int)}.
     */
    public static List<PeerAddress> addresses(List<NetEndpoint> fixedSeeds, Set<Network> emptyReachableNetworks,
                                              Instant now, RandomGenerator random) {
        long week = Duration.ofDays(7).toSeconds();
        List<PeerAddress> out = new ArrayList<>();
        for (NetEndpoint e : fixedSeeds) {
            long time = now.getEpochSecond() - week - random.nextLong(week + 1);
            PeerAddress a = new PeerAddress(time, ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS, e);
            if (emptyReachableNetworks.contains(e.address().network())) {
                out.add(a);
            }
        }
        return out;
    }

    /** Core's line after adding. */
    public static String addedLogLine(int count) {
        return "Added " + count + " fixed seeds from reachable networks.";
    }
}
