package io.mooring.tools;

import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The walk behind {@code mooring crawl}: handshake with every known address (getaddr included, as Core's outbound
 * connections ask), add every new address from the answers, and repeat, with at most {@code concurrency} probes in
 * flight, until nothing is left, the time budget is spent or {@code maxPeers} addresses were tried.
 */
final class Crawler {
    /** A reachable node. {@code firstSeen} is when its address was learnt, {@code lastSeen} when it answered. */
    record Reachable(HandshakeProbe.Result result, Instant firstSeen, Instant lastSeen) {
    }

    /** How a crawl ended. {@code stopped} is "done", "time budget" or "peer budget". */
    record Outcome(int tried, int reachable, int known, String stopped, double elapsedSeconds) {
    }

    /** Progress for the terminal: tried, reachable, known, in flight. */
    interface Progress {
        void update(int tried, int reachable, int known, int inFlight);
    }

    private final HandshakeProbe probe;
    private final int concurrency;
    private final int maxPeers;
    private final Duration maxTime;
    private final Duration addrWait;

    Crawler(HandshakeProbe probe, int concurrency, int maxPeers, Duration maxTime, Duration addrWait) {
        this.probe = probe;
        this.concurrency = concurrency;
        this.maxPeers = maxPeers;
        this.maxTime = maxTime;
        this.addrWait = addrWait;
    }

    Outcome run(List<NetEndpoint> seeds, Consumer<Reachable> onReachable, Progress progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + maxTime.toNanos();
        Deque<NetEndpoint> queue = new ArrayDeque<>();
        Map<NetEndpoint, Instant> seen = new HashMap<>();
        for (NetEndpoint e : seeds) {
            if (seen.putIfAbsent(e, Instant.now()) == null) queue.add(e);
        }
        LinkedBlockingQueue<HandshakeProbe.Result> done = new LinkedBlockingQueue<>();
        int inFlight = 0;
        int tried = 0;
        int reachable = 0;
        String stopped = "done";
        while (true) {
            while (inFlight < concurrency && !queue.isEmpty() && tried < maxPeers && System.nanoTime() < deadline) {
                NetEndpoint e = queue.poll();
                tried++;
                inFlight++;
                probe.probe(e.toString(), e, true, addrWait).thenAccept(done::add);
            }
            if (inFlight == 0) {
                if (!queue.isEmpty()) stopped = tried >= maxPeers ? "peer budget" : "time budget";
                break;
            }
            long left = deadline - System.nanoTime();
            HandshakeProbe.Result r = left <= 0 ? null : done.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                stopped = "time budget";
                break;
            }
            inFlight--;
            if (r.ok()) {
                reachable++;
                onReachable.accept(new Reachable(r, seen.get(r.endpoint()), Instant.now()));
            }
            for (PeerAddress a : r.addresses()) {
                NetEndpoint e = new NetEndpoint(a.address(), a.port());
                if (seen.putIfAbsent(e, Instant.now()) == null) queue.add(e);
            }
            if (progress != null) progress.update(tried, reachable, seen.size(), inFlight);
        }
        return new Outcome(tried, reachable, seen.size(), stopped, (System.nanoTime() - start) / 1e9);
    }

    /** The addresses a crawl starts from, deduplicated in order. */
    static List<NetEndpoint> distinct(List<NetEndpoint> in) {
        return List.copyOf(new java.util.LinkedHashSet<>(in));
    }

}
