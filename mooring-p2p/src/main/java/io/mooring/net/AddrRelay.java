package io.mooring.net;

import io.mooring.banman.RollingBloomFilter;
import io.mooring.netgroup.NetGroupManager;
import io.mooring.wire.SipHash;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Core's address relay (net_processing.cpp {@code RelayAddress}, {@code PushAddress}, {@code MaybeSendAddr}): which
 * peers a fresh gossiped address goes on to, and each peer's queue of addresses waiting for its Poisson timer.
 * Sans-I/O: the time and the node's random source come in from the {@link PeerManager}.
 */
final class AddrRelay {
    /** Core's RANDOMIZER_ID_ADDRESS_RELAY: the domain of the node's deterministic randomizer used here. */
    static final long RANDOMIZER_ID_ADDRESS_RELAY = 0x3cac0035b5866b90L;
    /** Core's ROTATE_ADDR_RELAY_DEST_INTERVAL: relay targets for one address stay the same for a day. */
    static final Duration ROTATE_ADDR_RELAY_DEST_INTERVAL = Duration.ofHours(24);
    /** Core's AVG_ADDRESS_BROADCAST_INTERVAL: the mean of the exponential timer that flushes a peer's queue. */
    static final Duration AVG_ADDRESS_BROADCAST_INTERVAL = Duration.ofSeconds(30);
    /** Core's m_addr_known: 5,000 addresses at a false-positive rate of 0.001. */
    static final int ADDR_KNOWN_ELEMENTS = 5000;
    static final double ADDR_KNOWN_FP_RATE = 0.001;
    /** Core's AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL: we announce ourselves to each peer about once a day. */
    static final Duration AVG_LOCAL_ADDRESS_BROADCAST_INTERVAL = Duration.ofHours(24);
    /** Core relays only addresses from addr messages this small (larger ones are getaddr answers, not gossip). */
    static final int MAX_ADDR_RELAY_MESSAGE = 10;
    /** Core relays addresses whose time is within the last ten minutes. */
    static final Duration MAX_RELAY_AGE = Duration.ofMinutes(10);
    /** Core's MAX_ADDR_TO_SEND: a peer's queue never holds more; a random entry is replaced when it is full. */
    static final int MAX_ADDR_TO_SEND = 1000;

    private AddrRelay() {
    }

    /** A peer's address-relay state (Core's m_addr_known, m_addrs_to_send, m_next_addr_send). */
    static final class State {
        final RollingBloomFilter known;
        final List<PeerAddress> toSend = new ArrayList<>();
        Instant nextSend = Instant.EPOCH;
        /** Core's m_next_local_addr_send; null until the first self-announcement. */
        Instant nextLocalSend;

        State(RandomGenerator random) {
            this.known = new RollingBloomFilter(ADDR_KNOWN_ELEMENTS, ADDR_KNOWN_FP_RATE, random);
        }

        /** Core's AddAddressKnown. */
        void markKnown(PeerAddress a) {
            known.insert(key(a));
        }

        /** Core's PushAddress: queue {@code a} unless invalid, already known, or not expressible to this peer. */
        void push(PeerAddress a, boolean wantsAddrV2, RandomGenerator random) {
            if (!a.address().isValid() || known.contains(key(a)) || !compatible(a.address(), wantsAddrV2)) {
                return;
            }
            if (toSend.size() >= MAX_ADDR_TO_SEND) {
                toSend.set(random.nextInt(toSend.size()), a);
            } else {
                toSend.add(a);
            }
        }

        /**
         * Core's MaybeSendAddr without the self-announcement: when the timer has run out, re-arm it, drop the queued
         * addresses the peer already knows (marking the others known), and return what to send (possibly empty).
         */
        List<PeerAddress> takeDue(Instant now, RandomGenerator random) {
            if (!now.isAfter(nextSend)) {
                return List.of();
            }
            long meanMicros = AVG_ADDRESS_BROADCAST_INTERVAL.toNanos() / 1000;
            nextSend = now.plusNanos((long) (random.nextExponential() * meanMicros) * 1000);
            List<PeerAddress> out = new ArrayList<>(toSend.size());
            for (PeerAddress a : toSend) {
                byte[] k = key(a);
                if (!known.contains(k)) {
                    known.insert(k);
                    out.add(a);
                }
            }
            toSend.clear();
            return out;
        }
    }

    /** Core's IsAddrCompatible: addrv2 peers take everything, v1 peers only IPv4, IPv6 and internal addresses. */
    static boolean compatible(NetAddress a, boolean wantsAddrV2) {
        return wantsAddrV2 || a.isAddrV1Compatible();
    }

    /** Core's CService::GetKey: address bytes (the 16-byte v1 form when v1 can carry it) and the port big-endian. */
    static byte[] key(PeerAddress a) {
        NetAddress address = a.address();
        byte[] bytes = address.isAddrV1Compatible() ? address.toV1Bytes() : address.bytes().toArray();
        byte[] k = Arrays.copyOf(bytes, bytes.length + 2);
        k[bytes.length] = (byte) (a.port() >>> 8);
        k[bytes.length + 1] = (byte) a.port();
        return k;
    }

    /** Core's CServiceHash(0, 0): SipHash with a zero key over the network id, the port and the address bytes. */
    static long serviceHash(PeerAddress a) {
        byte[] addr = a.address().bytes().toArray();
        byte[] data = new byte[16 + addr.length];
        putLong(data, 0, NetGroupManager.coreNetworkId(a.address().network()));
        putLong(data, 8, a.port());
        System.arraycopy(addr, 0, data, 16, addr.length);
        return SipHash.hash(0, 0, data);
    }


    /** A peer that could take a relayed address. */
    record Candidate(PeerId id, boolean wantsAddrV2) {
    }

    /**
     * Core's RelayAddress target choice: reachable addresses go to 2 peers, unreachable ones to 1 or 2 by a hash bit;
     * the targets are the candidates with the highest SipHash(node key; randomizer id, address hash, day number,
     * peer id), where the day number is (now + address hash) / 24 h so each address rotates at its own time of day.
     * Candidates must already exclude the originator and peers without address relay.
     */
    static List<PeerId> chooseTargets(PeerAddress a, boolean reachable, List<Candidate> candidates, long k0, long k1,
                                      Instant now) {
        long hashAddr = serviceHash(a);
        long timeAddr = Long.divideUnsigned(now.getEpochSecond() + hashAddr,
                ROTATE_ADDR_RELAY_DEST_INTERVAL.toSeconds());
        byte[] data = new byte[32];
        putLong(data, 0, RANDOMIZER_ID_ADDRESS_RELAY);
        putLong(data, 8, hashAddr);
        putLong(data, 16, timeAddr);
        int relayNodes = (reachable || (SipHash.hash(k0, k1, data, 0, 24) & 1) != 0) ? 2 : 1;
        long[] bestKey = new long[2];
        PeerId[] best = new PeerId[2];
        for (Candidate c : candidates) {
            if (!compatible(a.address(), c.wantsAddrV2())) {
                continue;
            }
            putLong(data, 24, c.id().value());
            long hashKey = SipHash.hash(k0, k1, data);
            for (int i = 0; i < relayNodes; i++) {
                if (Long.compareUnsigned(hashKey, bestKey[i]) > 0) {
                    for (int j = relayNodes - 1; j > i; j--) {
                        bestKey[j] = bestKey[j - 1];
                        best[j] = best[j - 1];
                    }
                    bestKey[i] = hashKey;
                    best[i] = c.id();
                    break;
                }
            }
        }
        List<PeerId> out = new ArrayList<>(2);
        for (int i = 0; i < relayNodes && bestKey[i] != 0; i++) {
            out.add(best[i]);
        }
        return out;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
