package io.mooring.seeds;

import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core's {@code CConnman::ThreadDNSAddressSeed} as a sans-I/O schedule. The node asks {@link #next} what to do,
 * passing the time and a {@link Status}; it sleeps until a {@link Step.Sleep}'s time, looks up a
 * {@link Step.Query}'s host (A and AAAA) and reports the answer with {@link #answered}, and stops at
 * {@link Step.Finished}. Core's rules:
 *
 * <ul>
 *   <li>with -seednode, the seed nodes get up to 30 s (checked every 500 ms) to bring 2 full outbound peers first;
 *   <li>the seeds are shuffled; all are queried at once when the address manager is empty or with -forcednsseed;
 *   <li>otherwise they are queried 3 at a time (DNSSEEDS_TO_QUERY_AT_ONCE), each batch after a wait of 11 s, or 5 min
 *       when the address manager holds at least 1,000 addresses, checked every 11 s: 2 full outbound peers end it;
 *   <li>the host asked is {@code x9.<seed>} (NODE_NETWORK | NODE_WITNESS), the source of its answers the internal
 *       address of that host name, each answer aged 3 to 7 days at random, at most 32 answers per seed;
 *   <li>a seed that answers nothing becomes an addr-fetch connection to the seed name itself.
 * </ul>
 */
public final class DnsSeeding {
    private static final Logger LOG = LoggerFactory.getLogger(DnsSeeding.class);

    /** Core's SEED_OUTBOUND_CONNECTION_THRESHOLD: full outbound peers that make seeding unnecessary. */
    public static final int SEED_OUTBOUND_CONNECTION_THRESHOLD = 2;
    /** Core's DNSSEEDS_TO_QUERY_AT_ONCE. */
    public static final int DNSSEEDS_TO_QUERY_AT_ONCE = 3;
    /** Core's DNSSEEDS_DELAY_FEW_PEERS. */
    public static final Duration DNSSEEDS_DELAY_FEW_PEERS = Duration.ofSeconds(11);
    /** Core's DNSSEEDS_DELAY_MANY_PEERS. */
    public static final Duration DNSSEEDS_DELAY_MANY_PEERS = Duration.ofMinutes(5);
    /** Core's DNSSEEDS_DELAY_PEER_THRESHOLD: from this many known addresses on, the long wait applies. */
    public static final int DNSSEEDS_DELAY_PEER_THRESHOLD = 1000;
    /** How long -seednode peers get before the DNS seeds are asked (Core's SEEDNODE_TIMEOUT). */
    public static final Duration SEEDNODE_TIMEOUT = Duration.ofSeconds(30);
    /** How often the seed-node phase checks the outbound count. */
    public static final Duration SEEDNODE_POLL = Duration.ofMillis(500);
    /** Core takes at most this many addresses from one seed, so one seed cannot dominate the address manager. */
    public static final int MAX_IPS_PER_SEED = 32;
    /** Core's SeedsServiceFlags(): what a seed's x9 subdomain promises and what its answers are stored with. */
    public static final long SEEDS_SERVICE_FLAGS = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;

    /** What the node reports each time it asks for the next step. */
    public record Status(int addrmanSize, int fullOutboundPeers, boolean networkActive) {
    }

    /** What the node should do next. */
    public sealed interface Step {
        /** Wait until {@code until}, then ask again. */
        record Sleep(Instant until) implements Step {
        }

        /** Look up {@code host} (A and AAAA) for DNS seed {@code seed}, then call {@link #answered}. */
        record Query(String seed, String host) implements Step {
        }

        /** Seeding is over (done, skipped, or enough peers). */
        record Finished() implements Step {
        }
    }

    private enum Phase { SEEDNODES, START, WAITING, NEXT_SEED, QUERYING, DONE }

    private final List<String> seeds;
    private final boolean force;
    private final Instant started;
    private Phase phase;
    private int index;
    private int seedsRightNow;
    private int outboundAfterSeedNodes;
    private int found;
    private Duration waitTime;
    private Instant waitChunkEnd;
    private Duration waitLeft;
    private boolean waitingForNetworkLogged;

    /**
     * @param seeds     the chain's DNS seed names (shuffled here with {@code random}, as Core)
     * @param force     -forcednsseed
     * @param seedNodes whether -seednode was given (their 30 s head start)
     * @param started   when the seeding thread started
     */
    public DnsSeeding(List<String> seeds, boolean force, boolean seedNodes, RandomGenerator random, Instant started) {
        List<String> shuffled = new ArrayList<>(seeds);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        this.seeds = List.copyOf(shuffled);
        this.force = force;
        this.started = Objects.requireNonNull(started);
        if (seedNodes) {
            LOG.info("-seednode enabled. Trying the provided seeds for {} seconds before defaulting to the dnsseeds.",
                    SEEDNODE_TIMEOUT.toSeconds());
            this.phase = Phase.SEEDNODES;
        } else {
            this.phase = Phase.START;
        }
    }

    /** The seeds in the order they will be asked. */
    public List<String> seeds() {
        return seeds;
    }

    /** Addresses found so far. */
    public int found() {
        return found;
    }

    /** Core's query host for a seed: the x9 subdomain, which answers only nodes with SeedsServiceFlags(). */
    public static String queryHost(String seed) {
        return "x" + Long.toHexString(SEEDS_SERVICE_FLAGS) + "." + seed;
    }

    /** The source the address manager records for a seed's answers (Core: {@code SetInternal(host)}). */
    public static NetAddress source(String host) {
        return NetAddress.internal(host);
    }

    /**
     * Core's treatment of one seed's answers: at most 32, on the chain's default port, with SeedsServiceFlags() and
     * a time uniformly between 7 and 3 days ago.
     */
    public static List<PeerAddress> toAddresses(List<NetAddress> answers, int defaultPort, Instant now,
                                                RandomGenerator random) {
        List<PeerAddress> out = new ArrayList<>();
        long threeDaysAgo = now.getEpochSecond() - Duration.ofDays(3).toSeconds();
        long fourDays = Duration.ofDays(4).toSeconds();
        for (NetAddress a : answers) {
            if (out.size() >= MAX_IPS_PER_SEED) break;
            long time = threeDaysAgo - random.nextLong(fourDays + 1);
            out.add(new PeerAddress(time, SEEDS_SERVICE_FLAGS, new NetEndpoint(a, defaultPort)));
        }
        return out;
    }

    /** The next step at {@code now}. */
    public Step next(Instant now, Status status) {
        while (true) {
            switch (phase) {
                case SEEDNODES -> {
                    if (now.isAfter(started.plus(SEEDNODE_TIMEOUT))) {
                        LOG.info("Couldn't connect to enough peers via seed nodes. Handing fetch logic to the DNS "
                                + "seeds.");
                        phase = Phase.START;
                    } else if (status.fullOutboundPeers() >= SEED_OUTBOUND_CONNECTION_THRESHOLD) {
                        LOG.info("P2P peers available. Finished fetching data from seed nodes.");
                        outboundAfterSeedNodes = status.fullOutboundPeers();
                        phase = Phase.START;
                    } else {
                        return new Step.Sleep(now.plus(SEEDNODE_POLL));
                    }
                }
                case START -> {
                    if (force || status.addrmanSize() == 0) {
                        seedsRightNow = seeds.size();
                    }
                    if (outboundAfterSeedNodes >= SEED_OUTBOUND_CONNECTION_THRESHOLD && seedsRightNow == 0) {
                        LOG.info("Skipping DNS seeds. Enough peers have been found");
                        phase = Phase.DONE;
                        return new Step.Finished();
                    }
                    waitTime = status.addrmanSize() >= DNSSEEDS_DELAY_PEER_THRESHOLD ? DNSSEEDS_DELAY_MANY_PEERS
                            : DNSSEEDS_DELAY_FEW_PEERS;
                    phase = Phase.NEXT_SEED;
                }
                case NEXT_SEED -> {
                    if (index >= seeds.size()) {
                        LOG.info("{} addresses found from DNS seeds", found);
                        phase = Phase.DONE;
                        return new Step.Finished();
                    }
                    if (seedsRightNow == 0) {
                        seedsRightNow += DNSSEEDS_TO_QUERY_AT_ONCE;
                        if (status.addrmanSize() > 0) {
                            LOG.info("Waiting {} seconds before querying DNS seeds.", waitTime.toSeconds());
                            waitLeft = waitTime;
                            startWaitChunk(now);
                            phase = Phase.WAITING;
                            return new Step.Sleep(waitChunkEnd);
                        }
                    }
                    if (!status.networkActive()) {
                        if (!waitingForNetworkLogged) {
                            LOG.info("Waiting for network to be reactivated before querying DNS seeds.");
                            waitingForNetworkLogged = true;
                        }
                        return new Step.Sleep(now.plusSeconds(1));
                    }
                    waitingForNetworkLogged = false;
                    String seed = seeds.get(index);
                    LOG.info("Loading addresses from DNS seed {}", seed);
                    phase = Phase.QUERYING;
                    return new Step.Query(seed, queryHost(seed));
                }
                case WAITING -> {
                    if (now.isBefore(waitChunkEnd)) {
                        return new Step.Sleep(waitChunkEnd);
                    }
                    if (status.fullOutboundPeers() >= SEED_OUTBOUND_CONNECTION_THRESHOLD) {
                        if (found > 0) {
                            LOG.info("{} addresses found from DNS seeds", found);
                            LOG.info("P2P peers available. Finished DNS seeding.");
                        } else {
                            LOG.info("P2P peers available. Skipped DNS seeding.");
                        }
                        phase = Phase.DONE;
                        return new Step.Finished();
                    }
                    if (waitLeft.isZero()) {
                        phase = Phase.NEXT_SEED;
                    } else {
                        startWaitChunk(now);
                        return new Step.Sleep(waitChunkEnd);
                    }
                }
                case QUERYING -> throw new IllegalStateException("answered() not called for the last query");
                case DONE -> {
                    return new Step.Finished();
                }
            }
        }
    }

    /** Core wakes every 11 s of a long wait to see whether enough peers have arrived. */
    private void startWaitChunk(Instant now) {
        Duration chunk = waitLeft.compareTo(DNSSEEDS_DELAY_FEW_PEERS) < 0 ? waitLeft : DNSSEEDS_DELAY_FEW_PEERS;
        waitLeft = waitLeft.minus(chunk);
        waitChunkEnd = now.plus(chunk);
    }

    /**
     * The answer to the last {@link Step.Query}: how many addresses it gave (after the 32 cap). Returns whether
     * the node should fall back to an addr-fetch connection to the seed name itself (Core: the seed gave nothing).
     */
    public boolean answered(int addresses) {
        if (phase != Phase.QUERYING) {
            throw new IllegalStateException("no query outstanding");
        }
        found += addresses;
        index++;
        seedsRightNow--;
        phase = Phase.NEXT_SEED;
        return addresses == 0;
    }
}
