package io.mooring.node;

import io.mooring.connman.OutboundPolicy;
import io.mooring.logging.LogCategory;
import io.mooring.net.PeerId;
import io.mooring.netshell.NetworkShell;
import io.mooring.util.FastRandomContext;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * -connect and -addnode host names, and names given to the addnode RPC. Core resolves such a name each time it
 * connects to it (ConnectNode's Lookup) and takes one of the answers at random. Here a resolver thread (never the node
 * loop) resolves every name that is not connected once at start and then every {@link OutboundPolicy#ADDNODE_RETRY}
 * (the added-node retry interval), and gives the outbound policy the address it chose as a -connect target or added
 * node; when the name is not connected and a later answer no longer holds that address, the policy gets a new one.
 */
final class NamedPeers implements AutoCloseable {
    private static final Logger NET = LoggerFactory.getLogger(LogCategory.NET.loggerName());

    enum Kind { CONNECT, ADDNODE }

    /** A name and the address the policy currently holds for it (null before it first resolved). */
    private static final class Entry {
        final Kind kind;
        NetEndpoint current;

        Entry(Kind kind) {
            this.kind = kind;
        }
    }

    private final Map<HostTargets.HostName, Entry> names = new LinkedHashMap<>();
    private volatile boolean started;
    private final DnsSeeder.HostResolver resolver;
    private final boolean lookups;
    private final NetworkShell shell;
    private final Supplier<OutboundPolicy> policy;
    /** The resolver thread's random context. */
    private final FastRandomContext random = new FastRandomContext();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mooring-resolve");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param lookups Core's -dns: without it names are never resolved (and so never connected)
     * @param policy  the outbound policy, used on the node loop only
     */
    NamedPeers(DnsSeeder.HostResolver resolver, boolean lookups, NetworkShell shell, Supplier<OutboundPolicy> policy) {
        this.resolver = resolver;
        this.lookups = lookups;
        this.shell = shell;
        this.policy = policy;
    }

    /** Adds a name; false when it is already there. Resolution starts at once. */
    boolean add(HostTargets.HostName name, Kind kind) {
        synchronized (names) {
            if (names.putIfAbsent(name, new Entry(kind)) != null) return false;
        }
        if (!lookups) {
            NET.info("-dns=0: host name {} is not resolved, so not connected to", name);
            return true;
        }
        if (started) {
            thread.execute(() -> refresh(name));
        }
        return true;
    }

    /** Removes a name (and its address from the policy); false when it was never added. */
    boolean remove(HostTargets.HostName name) {
        Entry e;
        synchronized (names) {
            e = names.remove(name);
        }
        if (e == null) return false;
        NetEndpoint old = e.current;
        if (old != null) {
            shell.query(pm -> e.kind == Kind.CONNECT ? policy.get().removeConnectTarget(old)
                    : policy.get().removeNode(old)).join();
        }
        return true;
    }

    /** The names added as added nodes (for the policy's "any added node" question and RPCs). */
    List<HostTargets.HostName> addedNodes() {
        synchronized (names) {
            List<HostTargets.HostName> out = new ArrayList<>();
            names.forEach((n, e) -> {
                if (e.kind == Kind.ADDNODE) out.add(n);
            });
            return out;
        }
    }

    /** Starts resolving (the outbound policy exists by then): at once, then every 60 s for names not connected. */
    NamedPeers start() {
        started = true;
        if (lookups) {
            long every = OutboundPolicy.ADDNODE_RETRY.toSeconds();
            thread.scheduleWithFixedDelay(this::refreshAll, 0, every, TimeUnit.SECONDS);
        }
        return this;
    }

    private void refreshAll() {
        List<HostTargets.HostName> all;
        synchronized (names) {
            all = new ArrayList<>(names.keySet());
        }
        for (HostTargets.HostName n : all) refresh(n);
    }

    /** One name: if it is not connected, resolve it and hand the policy a current answer. Resolver thread. */
    private void refresh(HostTargets.HostName name) {
        Entry e;
        synchronized (names) {
            e = names.get(name);
        }
        if (e == null) return;
        NetEndpoint held = e.current;
        if (held != null && Boolean.TRUE.equals(shell.query(pm -> connected(pm, held)).join())) return;
        List<NetAddress> answers = resolver.resolve(name.host());
        if (answers.isEmpty()) {
            NET.debug("Cannot resolve {}; will try again in {} s", name, OutboundPolicy.ADDNODE_RETRY.toSeconds());
            return;
        }
        if (held != null && answers.contains(held.address())) return; // still valid: the policy keeps retrying it
        NetEndpoint chosen = new NetEndpoint(answers.get(random.nextInt(answers.size())), name.port());
        synchronized (names) {
            if (names.get(name) != e) return; // removed meanwhile
            e.current = chosen;
        }
        NET.debug("Resolved {} to {}", name, chosen);
        shell.query(pm -> {
            OutboundPolicy p = policy.get();
            if (e.kind == Kind.CONNECT) {
                if (held != null) p.removeConnectTarget(held);
                p.addConnectTarget(chosen);
            } else {
                if (held != null) p.removeNode(held);
                p.addNode(chosen);
            }
            return null;
        }).join();
    }

    private static boolean connected(io.mooring.net.PeerManager pm, NetEndpoint endpoint) {
        for (PeerId id : pm.peerIds()) {
            if (pm.peer(id).endpoint().equals(endpoint)) return true;
        }
        return false;
    }

    /** Resolves {@code name} once (the addnode RPC's onetry): one of its addresses, or null. Any thread but the loop. */
    NetEndpoint resolveOnce(HostTargets.HostName name) {
        if (!lookups) return null;
        List<NetAddress> answers = resolver.resolve(name.host());
        // Its own random context: the shared one belongs to the resolver thread.
        return answers.isEmpty() ? null
                : new NetEndpoint(answers.get(new FastRandomContext().nextInt(answers.size())), name.port());
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
