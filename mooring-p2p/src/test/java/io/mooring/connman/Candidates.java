package io.mooring.connman;

import io.mooring.net.ConnectionType;
import io.mooring.net.PeerId;
import io.mooring.wire.netaddress.Network;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test candidates: a mutable builder, and Core's GetRandomNodeEvictionCandidates (src/test/util/net.cpp). */
final class Candidates {
    private Candidates() {
    }

    /** A candidate under construction; fields named as the record's. */
    static final class C {
        long id;
        long connected;
        Duration minPing = NodeEvictionCandidate.NO_PING;
        long lastBlock;
        long lastTx;
        boolean relevantServices;
        boolean relayTxs;
        boolean bloom;
        long netGroup;
        boolean preferEvict;
        boolean isLocal;
        Network network = Network.IPV4;
        boolean noban;
        ConnectionType type = ConnectionType.INBOUND;

        C(long id) {
            this.id = id;
        }

        NodeEvictionCandidate build() {
            return new NodeEvictionCandidate(new PeerId(id), Instant.ofEpochSecond(connected), minPing,
                    Instant.ofEpochSecond(lastBlock), Instant.ofEpochSecond(lastTx), relevantServices, relayTxs, bloom,
                    netGroup, preferEvict, isLocal, network, noban, type);
        }
    }

    /** Core's GetRandomNodeEvictionCandidates: every field random in Core's ranges, inbound, no noban. */
    static List<C> random(int n, SplittableRandom r) {
        List<C> out = new ArrayList<>();
        Network[] networks = Network.values();
        for (int id = 0; id < n; id++) {
            C c = new C(id);
            c.connected = r.nextInt(100);
            c.minPing = Duration.ofNanos(1000L * r.nextInt(100));
            c.lastBlock = r.nextInt(100);
            c.lastTx = r.nextInt(100);
            c.relevantServices = r.nextBoolean();
            c.relayTxs = r.nextBoolean();
            c.bloom = r.nextBoolean();
            c.netGroup = r.nextInt(100);
            c.preferEvict = r.nextBoolean();
            c.isLocal = r.nextBoolean();
            c.network = networks[r.nextInt(networks.length)];
            out.add(c);
        }
        return out;
    }

    static List<NodeEvictionCandidate> build(List<C> cs) {
        return cs.stream().map(C::build).toList();
    }

    /** Fisher-Yates with the test's seeded random, as Core's std::shuffle with its FastRandomContext. */
    static <T> List<T> shuffled(List<T> in, SplittableRandom r) {
        List<T> out = new ArrayList<>(in);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            T t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }
}
