package io.mooring.connman;

import io.mooring.net.ConnectionType;
import io.mooring.net.PeerId;
import io.mooring.wire.netaddress.Network;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What inbound eviction knows of one connection (Core's {@code NodeEvictionCandidate}, {@code src/node/eviction.h}).
 *
 * @param id               the connection
 * @param connected        when it connected (Core's {@code m_connected}); earlier means longer uptime
 * @param minPingTime      its lowest ping round trip; {@link #NO_PING} when it never answered a ping (Core starts at
 *                         {@code microseconds::max()})
 * @param lastBlockTime    when it last sent us a novel block; {@link Instant#EPOCH} for never (Core's 0 s)
 * @param lastTxTime       when it last sent us a novel transaction accepted to the mempool; {@link Instant#EPOCH} for never
 * @param relevantServices it offers all the services we want (Core's {@code fRelevantServices})
 * @param relayTxs         its version asked for transaction relay (Core's {@code m_relay_txs})
 * @param bloomFilter      it loaded a BIP37 bloom filter (Core's {@code fBloomFilter})
 * @param keyedNetGroup    a keyed hash of its netgroup (Core's {@code nKeyedNetGroup}); compared as unsigned, as
 *                         Core's {@code uint64_t}
 * @param preferEvict      it was discouraged when it connected (Core's {@code prefer_evict})
 * @param isLocal          its address is loopback (Core's {@code m_is_local}, {@code CNetAddr::IsLocal})
 * @param network          the network it came through (Core's {@code m_network}); only onion, I2P and CJDNS matter
 * @param noban            it holds the {@code noban} permission (Core's {@code m_noban}): never evicted
 * @param connectionType   its type (Core's {@code m_conn_type}): only inbound connections are evicted
 */
public record NodeEvictionCandidate(PeerId id, Instant connected, Duration minPingTime, Instant lastBlockTime,
                                    Instant lastTxTime, boolean relevantServices, boolean relayTxs, boolean bloomFilter,
                                    long keyedNetGroup, boolean preferEvict, boolean isLocal, Network network,
                                    boolean noban, ConnectionType connectionType) {
    /** Core's {@code std::chrono::microseconds::max()}: no ping answered yet, so the worst ping of all. */
    public static final Duration NO_PING = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    public NodeEvictionCandidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connected, "connected");
        Objects.requireNonNull(minPingTime, "minPingTime");
        Objects.requireNonNull(lastBlockTime, "lastBlockTime");
        Objects.requireNonNull(lastTxTime, "lastTxTime");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(connectionType, "connectionType");
    }
}
