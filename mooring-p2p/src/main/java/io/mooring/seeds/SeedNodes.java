package io.mooring.seeds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The -seednode part of Core's {@code CConnman::ThreadOpenConnections}, sans-I/O: the seed nodes are shuffled; the
 * first becomes an addr-fetch connection at once when the address manager is empty, and while fewer than 2 full
 * outbound peers exist another one follows every 10 s, until the list is used up.
 */
public final class SeedNodes {
    private static final Logger LOG = LoggerFactory.getLogger(SeedNodes.class);

    /** Core's ADD_NEXT_SEEDNODE. */
    public static final Duration ADD_NEXT_SEEDNODE = Duration.ofSeconds(10);

    private final List<String> remaining;
    private Instant timer;
    private boolean addNow;

    /**
     * @param seedNodes   the -seednode values
     * @param addrmanSize the address manager's size when the connection thread starts
     * @param started     when the connection thread starts
     */
    public SeedNodes(List<String> seedNodes, int addrmanSize, RandomGenerator random, Instant started) {
        List<String> shuffled = new ArrayList<>(seedNodes);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        this.remaining = shuffled;
        this.timer = Objects.requireNonNull(started);
        this.addNow = addrmanSize == 0 && !remaining.isEmpty();
    }

    /**
     * One pass of the connection loop: the seed node to open an addr-fetch connection to now, if any.
     *
     * @param addrmanSize       the address manager's size now (only for the log line)
     * @param fullOutboundPeers handshaked full-relay outbound peers now
     */
    public Optional<String> next(Instant now, int addrmanSize, int fullOutboundPeers) {
        Optional<String> out = Optional.empty();
        if (addNow && !remaining.isEmpty()) {
            addNow = false;
            String seed = remaining.remove(remaining.size() - 1);
            if (addrmanSize == 0) {
                LOG.info("Empty addrman, adding seednode ({}) to addrfetch", seed);
            } else {
                LOG.info("Couldn't connect to peers from addrman after {} seconds. Adding seednode ({}) to addrfetch",
                        ADD_NEXT_SEEDNODE.toSeconds(), seed);
            }
            out = Optional.of(seed);
        }
        if (!remaining.isEmpty() && fullOutboundPeers < DnsSeeding.SEED_OUTBOUND_CONNECTION_THRESHOLD
                && now.isAfter(timer.plus(ADD_NEXT_SEEDNODE))) {
            timer = now;
            addNow = true;
        }
        return out;
    }

    /** Seed nodes not used yet. */
    public int remaining() {
        return remaining.size();
    }
}
