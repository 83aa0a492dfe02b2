package io.mooring.tools;

import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.PeerAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The walk behind {@code mooring crawl}: handshake with every known address (getaddr included, as Core's outbound
 * connections ask), add every new address from the answers, and repeat, with at most {@code concurrency} probes in
 * flight, until nothing is left, the time budget is spent or {@code maxPeers} addresses were tried.
 *
 * <p>Two things make a walk of a real network more complete than one connection per address:
 * <ul>
 *   <li>retries: an address that failed in a way that can pass (timeout, closed by the peer, connect or proxy
 *       failure) is tried again after {@code retryDelay}, up to {@code retries} times. Refusals, wrong networks,
 *       old versions and protocol errors are final.</li>
 *   <li>address rounds: Core answers one getaddr per connection with a random 23% of its table (at most 1,000),
 *       from a cache that lives about a day, so one answer shows a fraction of what a node knows and asking again
 *       repeats it. Nodes that give the crawler Core's {@code addr} permission (-whitelist=addr@...) answer each new
 *       connection afresh. With {@code addrRounds} above 1, a reachable node is asked again on a new connection
 *       until it has answered {@code addrRounds} times or an answer repeats the one before it (the cache: asking
 *       more would only repeat it too).</li>
 * </ul>
 */
final class Crawler {
    /** A reachable node. {@code firstSeen} is when its address was learnt, {@code lastSeen} when it answered. */
    record Reachable(HandshakeProbe.Result result, Instant firstSeen, Instant lastSeen) {
    }

    /**
     * How a crawl ended. {@code tried} counts distinct addresses, {@code connections} every probe (retries and address
     * rounds included). {@code stopped} is "done", "time budget" or "peer budget".
     */
    record Outcome(int tried, int reachable, int known, int connections, String stopped, double elapsedSeconds) {
    }

    /** Progress for the terminal: tried, reachable, known, in flight. */
    interface Progress {
        void update(int tried, int reachable, int known, int inFlight);
    }

    /** Failures that may pass: worth another connection later. */
    static final Set<HandshakeProbe.Failure> TRANSIENT = EnumSet.of(HandshakeProbe.Failure.TIMEOUT,
            HandshakeProbe.Failure.CLOSED_BY_PEER, HandshakeProbe.Failure.CONNECT_FAILED,
            HandshakeProbe.Failure.PROXY_FAILED);

    /** The crawl's knobs; see {@code mooring crawl --help}. */
    record Options(int concurrency, int maxPeers, Duration maxTime, Duration addrWait, int retries, Duration retryDelay,
                   int addrRounds) {
        Options {
            if (concurrency < 1 || maxPeers < 1 || retries < 0 || addrRounds < 1) {
                throw new IllegalArgumentException("concurrency, peer budget and address rounds must be positive");
            }
        }
    }

    /** One connection to make: the {@code attempt}-th try of the {@code round}-th address request, not before a time. */
    private record Work(NetEndpoint endpoint, int round, int attempt, long notBeforeNanos) {
    }

    /** What the walk knows of one address. */
    private static final class Known {
        final Instant firstSeen;
        boolean reachable;
        Set<NetEndpoint> lastAnswer;

        Known(Instant firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    private final HandshakeProbe probe;
    private final Options options;

    Crawler(HandshakeProbe probe, Options options) {
        this.probe = probe;
        this.options = options;
    }

    Outcome run(List<NetEndpoint> seeds, Consumer<Reachable> onReachable, Progress progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + options.maxTime().toNanos();
        Deque<Work> fresh = new ArrayDeque<>(); // addresses never tried, in the order they were learnt
        PriorityQueue<Work> later = new PriorityQueue<>(Comparator.comparingLong(Work::notBeforeNanos));
        Map<NetEndpoint, Known> known = new HashMap<>();
        for (NetEndpoint e : seeds) {
            if (known.putIfAbsent(e, new Known(Instant.now())) == null) fresh.add(new Work(e, 1, 1, start));
        }
        LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
        int inFlight = 0;
        int tried = 0;
        int reachable = 0;
        int connections = 0;
        String stopped = "done";
        while (true) {
            long now = System.nanoTime();
            while (inFlight < options.concurrency() && now < deadline) {
                Work w;
                if (!later.isEmpty() && later.peek().notBeforeNanos() <= now) {
                    w = later.poll();
                } else if (!fresh.isEmpty() && tried < options.maxPeers()) {
                    w = fresh.poll();
                    tried++;
                } else {
                    break;
                }
                inFlight++;
                connections++;
                probe.probe(w.endpoint().toString(), w.endpoint(), true, options.addrWait())
                        .thenAccept(r -> done.add(new Done(w, r)));
            }
            boolean freshLeft = !fresh.isEmpty() && tried < options.maxPeers();
            if (inFlight == 0 && later.isEmpty() && !freshLeft) {
                if (!fresh.isEmpty()) stopped = "peer budget";
                break;
            }
            long wait = deadline - now;
            if (inFlight < options.concurrency() && !later.isEmpty()) {
                wait = Math.min(wait, later.peek().notBeforeNanos() - now);
            }
            if (now >= deadline) {
                stopped = "time budget";
                break;
            }
            Done d = done.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
            if (d == null) {
                continue; // a delayed retry or round is due, or the deadline passed (checked above)
            }
            inFlight--;
            HandshakeProbe.Result r = d.result();
            Known k = known.get(d.work().endpoint());
            if (r.ok()) {
                if (!k.reachable) {
                    k.reachable = true;
                    reachable++;
                    onReachable.accept(new Reachable(r, k.firstSeen, Instant.now()));
                }
                // The answer as endpoints (times differ between copies) without the node's own address: a node
                // whose table gives nothing still announces itself, and that is no reason to ask it again.
                Set<NetEndpoint> answer = new HashSet<>();
                for (PeerAddress a : r.addresses()) answer.add(new NetEndpoint(a.address(), a.port()));
                answer.remove(d.work().endpoint());
                boolean repeated = answer.equals(k.lastAnswer);
                k.lastAnswer = answer;
                if (d.work().round() < options.addrRounds() && !answer.isEmpty() && !repeated) {
                    later.add(new Work(d.work().endpoint(), d.work().round() + 1, 1, System.nanoTime()));
                }
            } else if (TRANSIENT.contains(r.failure()) && d.work().attempt() <= options.retries()) {
                later.add(new Work(d.work().endpoint(), d.work().round(), d.work().attempt() + 1,
                        System.nanoTime() + options.retryDelay().toNanos()));
            }
            for (PeerAddress a : r.addresses()) {
                NetEndpoint e = new NetEndpoint(a.address(), a.port());
                if (known.putIfAbsent(e, new Known(Instant.now())) == null) {
                    fresh.add(new Work(e, 1, 1, System.nanoTime()));
                }
            }
            if (progress != null) progress.update(tried, reachable, known.size(), inFlight);
        }
        return new Outcome(tried, reachable, known.size(), connections, stopped, (System.nanoTime() - start) / 1e9);
    }

    private record Done(Work work, HandshakeProbe.Result result) {
    }

    /** The addresses a crawl starts from, deduplicated in order. */
    static List<NetEndpoint> distinct(List<NetEndpoint> in) {
        return List.copyOf(new java.util.LinkedHashSet<>(in));
    }
}
