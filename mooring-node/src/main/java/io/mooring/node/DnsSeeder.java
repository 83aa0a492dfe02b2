package io.mooring.node;

import io.mooring.logging.LogCategory;
import io.mooring.seeds.DnsSeeding;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The I/O half of Core's ThreadDNSAddressSeed: runs the {@link DnsSeeding} schedule on its own thread
 * ("mooring-dnsseed"), so a slow or silent DNS server never holds up the node loop, asks each seed's host for A and
 * AAAA records with dnsjava (each query bounded by a timeout), and hands the answers to the node loop through
 * {@code sink} as address-manager additions with the seed host's internal address as source.
 */
final class DnsSeeder implements AutoCloseable {
    private static final Logger NET = LogCategory.NET.logger();
    /** How long one A or AAAA query may take before the seed counts as silent. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    /** Resolves a host to its A and AAAA addresses; an unreachable or silent server gives an empty list. */
    @FunctionalInterface
    interface HostResolver {
        List<NetAddress> resolve(String host);
    }

    private final DnsSeeding seeding;
    private final HostResolver resolver;
    private final Supplier<DnsSeeding.Status> status;
    private final BiConsumer<List<PeerAddress>, NetAddress> sink;
    private final Consumer<String> addrFetchFallback;
    private final int defaultPort;
    private final Clock clock;
    private final RandomGenerator random;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mooring-dnsseed");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /**
     * @param status            the address manager's size, full outbound peers and network state (from the node
     *                          loop; called on the seeding thread)
     * @param sink              adds a seed's answers to the address manager with the given source (on the node loop)
     * @param addrFetchFallback opens an addr-fetch connection to a seed name that gave no answer
     */
    DnsSeeder(DnsSeeding seeding, HostResolver resolver, Supplier<DnsSeeding.Status> status,
              BiConsumer<List<PeerAddress>, NetAddress> sink, Consumer<String> addrFetchFallback, int defaultPort,
              Clock clock, RandomGenerator random) {
        this.seeding = Objects.requireNonNull(seeding);
        this.resolver = Objects.requireNonNull(resolver);
        this.status = Objects.requireNonNull(status);
        this.sink = Objects.requireNonNull(sink);
        this.addrFetchFallback = Objects.requireNonNull(addrFetchFallback);
        this.defaultPort = defaultPort;
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
    }

    /** Starts seeding on the seeding thread. */
    DnsSeeder start() {
        thread.execute(this::run);
        return this;
    }

    private void run() {
        try {
            while (!closed) {
                Instant now = clock.instant();
                DnsSeeding.Step step = seeding.next(now, status.get());
                switch (step) {
                    case DnsSeeding.Step.Sleep s -> {
                        long millis = Duration.between(now, s.until()).toMillis();
                        Thread.sleep(Math.max(1, millis));
                    }
                    case DnsSeeding.Step.Query q -> {
                        List<PeerAddress> found = DnsSeeding.toAddresses(resolver.resolve(q.host()), defaultPort,
                                clock.instant(), random);
                        if (!found.isEmpty()) {
                            sink.accept(found, DnsSeeding.source(q.host()));
                        }
                        if (seeding.answered(found.size()) && !closed) {
                            addrFetchFallback.accept(q.seed());
                        }
                    }
                    case DnsSeeding.Step.Finished f -> {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The node loop stopping under us (shutdown) ends seeding; anything else is a bug worth a line.
            if (!closed) {
                NET.debug("DNS seeding stopped: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
    }

    // ---- dnsjava ---------------------------------------------------------------------------------------------------

    /**
     * A resolver through dnsjava: {@code server} ("IP[:PORT]", default port 53) or, when empty, the system's
     * configured servers; every query is bounded by {@code timeout}. Without an explicit server, names in the
     * reserved {@code .invalid} domain (regtest's "dummySeed.invalid.") are never sent out: RFC 6761 6.4 lets
     * applications answer them as non-existent themselves.
     */
    static HostResolver dnsjava(java.util.Optional<String> server, Duration timeout) {
        Resolver r;
        if (server.isPresent()) {
            io.mooring.wire.netaddress.NetEndpoint e = io.mooring.wire.netaddress.NetEndpoint.parse(server.get(), 53);
            r = new SimpleResolver(new InetSocketAddress(e.address().toInetAddress(), e.port()));
        } else {
            r = new ExtendedResolver();
        }
        r.setTimeout(timeout);
        boolean explicit = server.isPresent();
        return host -> {
            if (!explicit && isReservedInvalid(host)) {
                return List.of();
            }
            List<NetAddress> out = new ArrayList<>();
            out.addAll(query(r, host, Type.A));
            out.addAll(query(r, host, Type.AAAA));
            return out;
        };
    }

    /** RFC 6761's {@code .invalid} top-level domain, which never resolves. */
    static boolean isReservedInvalid(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h.equals("invalid") || h.endsWith(".invalid");
    }

    /** One query of one type; a timeout, a network error or an error answer gives nothing. */
    static List<NetAddress> query(Resolver r, String host, int type) {
        List<NetAddress> out = new ArrayList<>();
        try {
            Name name = Name.fromString(host.endsWith(".") ? host : host + ".");
            Message response = r.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            if (response.getRcode() != Rcode.NOERROR) {
                return out;
            }
            for (Record rec : response.getSection(Section.ANSWER)) {
                InetAddress a = rec instanceof ARecord ar ? ar.getAddress()
                        : rec instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
                if (a != null) {
                    out.add(NetAddress.fromInetAddress(a));
                }
            }
        } catch (TextParseException e) {
            NET.debug("DNS seed host {} is not a valid name: {}", host, e.getMessage());
        } catch (IOException e) {
            NET.debug("DNS query for {} ({}) failed: {}", host, Type.string(type), e.toString());
        }
        return out;
    }
}
