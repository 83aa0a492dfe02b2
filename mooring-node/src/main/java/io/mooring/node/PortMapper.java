package io.mooring.node;

import io.mooring.logging.LogCategory;
import io.mooring.mapport.MappingError;
import io.mooring.mapport.MappingResult;
import io.mooring.mapport.PortMapMessages;
import io.mooring.util.FastRandomContext;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core's port mapping thread ({@code -natpmp}, mapport.cpp): asks the default gateway with PCP to forward the
 * listening port (falling back to NAT-PMP when the gateway only speaks that), adds each mapped external address as a
 * LOCAL_MAPPED local address, renews between 1/2 and 5/8 of the granted lifetime, and after a failed round tries again
 * 5 minutes later. IPv6: a PCP pinhole for every routable local IPv6 address. Mappings are not deleted at shutdown
 * (they expire; Core does the same). The message bytes and checks are {@link PortMapMessages}.
 */
final class PortMapper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PortMapper.class);
    private static final Logger NET = LoggerFactory.getLogger(LogCategory.NET.loggerName());
    private static final int TRIES = 3;
    private static final Duration TIMEOUT_PER_TRY = Duration.ofSeconds(1);

    private final int privatePort;
    private final Optional<NetEndpoint> gatewayOverride;
    private final Consumer<NetEndpoint> addMapped;
    private final Supplier<List<NetAddress>> localIpv6;
    private final FastRandomContext random = new FastRandomContext();
    private final byte[] nonce = new byte[PortMapMessages.NONCE_SIZE];
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * @param gatewayOverride the hidden -natpmpgateway (tests): used as the IPv4 (or IPv6) gateway, with its port
     * @param addMapped       called with each external address the gateway mapped (the node adds it as LOCAL_MAPPED)
     * @param localIpv6       our routable IPv6 addresses (for pinholes)
     */
    PortMapper(int privatePort, Optional<NetEndpoint> gatewayOverride, Consumer<NetEndpoint> addMapped,
               Supplier<List<NetAddress>> localIpv6) {
        this.privatePort = privatePort;
        this.gatewayOverride = gatewayOverride;
        this.addMapped = addMapped;
        this.localIpv6 = localIpv6;
        random.nextBytes(nonce); // one nonce for all our mappings: allowed by RFC 6887 and ties renewals together
        this.thread = new Thread(this::run, "mooring-mapport");
        this.thread.setDaemon(true);
    }

    PortMapper start() {
        thread.start();
        return this;
    }

    /** Core's ThreadMapPort: a PCP round, and after it ends (failure or a renewal that failed) a retry in 5 min. */
    private void run() {
        try {
            do {
                processPcp();
            } while (sleep(PortMapMessages.RETRY_PERIOD));
        } catch (RuntimeException e) {
            LOG.error("portmap: thread failed", e);
        }
    }

    /** Core's ProcessPCP: map on each gateway, then renew until a round maps nothing. */
    private void processPcp() {
        while (true) {
            long lifetime = PortMapMessages.REQUESTED_LIFETIME;
            boolean noResources = false;
            boolean mapped = false;
            List<Object> results = new java.util.ArrayList<>();
            Optional<NetEndpoint> gateway4 = gateway(true);
            if (gateway4.isEmpty()) {
                NET.debug("portmap: Could not determine IPv4 default gateway");
            } else {
                NET.debug("portmap: gateway [IPv4]: {}", gateway4.get().address());
                Object r = pcp(gateway4.get(), NetAddress.parse("0.0.0.0"));
                if (r == MappingError.UNSUPP_VERSION) {
                    NET.debug("portmap: Got unsupported PCP version response, falling back to NAT-PMP");
                    r = natpmp(gateway4.get());
                }
                results.add(r);
            }
            Optional<NetEndpoint> gateway6 = gatewayOverride.isPresent() ? Optional.empty() : gateway(false);
            if (gateway6.isEmpty()) {
                NET.debug("portmap: Could not determine IPv6 default gateway");
            } else {
                NET.debug("portmap: gateway [IPv6]: {}", gateway6.get().address());
                for (NetAddress local : localIpv6.get()) {
                    results.add(pcp(gateway6.get(), local));
                }
            }
            for (Object r : results) {
                if (r instanceof MappingResult m) {
                    LOG.info("portmap: Added mapping {}", m);
                    addMapped.accept(m.external());
                    mapped = true;
                    lifetime = Math.min(lifetime, m.lifetimeSeconds());
                } else if (r == MappingError.NO_RESOURCES) {
                    noResources = true;
                }
            }
            if (noResources) {
                LOG.warn("portmap: At least one mapping failed because of a NO_RESOURCES error. This usually indicates "
                        + "that the port is already used on the router. If this is the only instance of bitcoin running "
                        + "on the network, this will resolve itself automatically. Otherwise, you might want to choose a "
                        + "different P2P port to prevent this conflict.");
            }
            if (PortMapMessages.lifetimeTooShort(lifetime)) {
                LOG.warn("portmap: Got impossibly short mapping lifetime of {} seconds", lifetime);
                return;
            }
            if (!mapped || !sleep(PortMapMessages.renewAfter(lifetime, random))) return;
        }
    }

    /** One PCP MAP exchange: a {@link MappingResult} or a {@link MappingError}. */
    private Object pcp(NetEndpoint gateway, NetAddress bind) {
        NET.debug("pcp: Requesting port mapping for addr {} port {} from gateway {}", bind, privatePort,
                gateway.address());
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(bind.toInetAddress(), 0))) {
            socket.connect(gateway.address().toInetAddress(), gateway.port());
            NetAddress internal = NetAddress.fromInetAddress(socket.getLocalAddress());
            NET.debug("pcp: Internal address after connect: {}", internal);
            byte[] request = PortMapMessages.pcpMapRequest(nonce, internal, bind, privatePort,
                    PortMapMessages.REQUESTED_LIFETIME);
            PortMapMessages.PcpAnswer[] answer = new PortMapMessages.PcpAnswer[1];
            if (!sendReceive(socket, "pcp", request, (packet, length) -> {
                PortMapMessages.PcpAnswer a = PortMapMessages.pcpMapResponse(packet, length, nonce, privatePort);
                if (a instanceof PortMapMessages.PcpAnswer.NotOurs n) {
                    LOG.warn("pcp: {}", n.why());
                    return false;
                }
                answer[0] = a;
                return true;
            })) {
                return MappingError.NETWORK_ERROR;
            }
            return switch (answer[0]) {
                case PortMapMessages.PcpAnswer.NatPmpOnly n -> MappingError.UNSUPP_VERSION;
                case PortMapMessages.PcpAnswer.NotOurs n -> MappingError.NETWORK_ERROR;
                case PortMapMessages.PcpAnswer.Map m -> {
                    if (m.result() != PortMapMessages.RESULT_SUCCESS) {
                        LOG.warn("pcp: Mapping failed with result {}", PortMapMessages.pcpResult(m.result()));
                        yield m.result() == PortMapMessages.PCP_RESULT_NO_RESOURCES ? MappingError.NO_RESOURCES
                                : MappingError.PROTOCOL_ERROR;
                    }
                    yield new MappingResult(PortMapMessages.PCP_VERSION, new NetEndpoint(internal, privatePort),
                            new NetEndpoint(m.external(), m.externalPort()), m.lifetime());
                }
            };
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("pcp: Could not reach gateway: {}", e.getMessage());
            return MappingError.NETWORK_ERROR;
        }
    }

    /** NAT-PMP: the external address, then the TCP mapping (IPv4 only). */
    private Object natpmp(NetEndpoint gateway) {
        NET.debug("natpmp: Requesting port mapping port {} from gateway {}", privatePort, gateway.address());
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(gateway.address().toInetAddress(), gateway.port());
            NetAddress internal = NetAddress.fromInetAddress(socket.getLocalAddress());
            PortMapMessages.NatPmpAnswer[] answer = new PortMapMessages.NatPmpAnswer[1];
            Function<PortMapMessages.NatPmpAnswer, Boolean> keep = a -> {
                if (a instanceof PortMapMessages.NatPmpAnswer.NotOurs n) {
                    LOG.warn("natpmp: {}", n.why());
                    return false;
                }
                answer[0] = a;
                return true;
            };
            if (!sendReceive(socket, "natpmp", PortMapMessages.natpmpGetExternalRequest(),
                    (p, n) -> keep.apply(PortMapMessages.natpmpGetExternalResponse(p, n)))) {
                return MappingError.NETWORK_ERROR;
            }
            PortMapMessages.NatPmpAnswer.External external = (PortMapMessages.NatPmpAnswer.External) answer[0];
            if (external.result() != PortMapMessages.RESULT_SUCCESS) {
                LOG.warn("natpmp: Getting external address failed with result {}",
                        PortMapMessages.natpmpResult(external.result()));
                return MappingError.PROTOCOL_ERROR;
            }
            if (!sendReceive(socket, "natpmp", PortMapMessages.natpmpMapRequest(privatePort,
                    PortMapMessages.REQUESTED_LIFETIME), (p, n) -> keep.apply(
                            PortMapMessages.natpmpMapResponse(p, n, privatePort)))) {
                return MappingError.NETWORK_ERROR;
            }
            PortMapMessages.NatPmpAnswer.Mapped m = (PortMapMessages.NatPmpAnswer.Mapped) answer[0];
            if (m.result() != PortMapMessages.RESULT_SUCCESS) {
                LOG.warn("natpmp: Port mapping failed with result {}", PortMapMessages.natpmpResult(m.result()));
                return m.result() == PortMapMessages.NATPMP_RESULT_NO_RESOURCES ? MappingError.NO_RESOURCES
                        : MappingError.PROTOCOL_ERROR;
            }
            return new MappingResult(PortMapMessages.NATPMP_VERSION, new NetEndpoint(internal, privatePort),
                    new NetEndpoint(external.address(), m.externalPort()), m.lifetime());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("natpmp: Could not reach gateway: {}", e.getMessage());
            return MappingError.NETWORK_ERROR;
        }
    }

    @FunctionalInterface
    private interface PacketCheck {
        boolean accept(byte[] packet, int length);
    }

    /** Core's PCPSendRecv: up to 3 sends, each waiting 1 s for a packet the check accepts. */
    private boolean sendReceive(DatagramSocket socket, String protocol, byte[] request, PacketCheck check)
            throws IOException {
        byte[] buffer = new byte[PortMapMessages.MAX_PACKET];
        for (int attempt = 0; attempt < TRIES && !stopping; attempt++) {
            if (attempt > 0) NET.debug("{}: Retrying ({})", protocol, attempt);
            socket.send(new DatagramPacket(request, request.length));
            long deadline = System.nanoTime() + TIMEOUT_PER_TRY.toNanos();
            while (!stopping) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) break;
                socket.setSoTimeout((int) left);
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    NET.debug("{}: Timeout", protocol);
                    break;
                }
                NET.debug("{}: Received response of {} bytes: {}", protocol, p.getLength(),
                        HexFormat.of().formatHex(buffer, 0, p.getLength()));
                if (check.accept(buffer, p.getLength())) return true;
            }
        }
        NET.debug("{}: Giving up after {} tries", protocol, TRIES);
        return false;
    }

    /**
     * The default gateway: the override, or Linux's main routing table (Core asks netlink; /proc/net/route and
     * /proc/net/ipv6_route hold the same default routes). Empty elsewhere or without a default route.
     */
    private Optional<NetEndpoint> gateway(boolean ipv4) {
        if (gatewayOverride.isPresent()) {
            return ipv4 == gatewayOverride.get().address().isIPv4() ? gatewayOverride : Optional.empty();
        }
        try {
            if (ipv4) {
                for (String line : Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1).toList()) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 7 && f[1].equals("00000000") && f[7].equals("00000000") && !f[2].equals("00000000")) {
                        byte[] le = HexFormat.of().parseHex(f[2]);
                        byte[] be = {le[3], le[2], le[1], le[0]};
                        return Optional.of(new NetEndpoint(NetAddress.ipv4(be), PortMapMessages.SERVER_PORT));
                    }
                }
            } else {
                for (String line : Files.readAllLines(Path.of("/proc/net/ipv6_route"))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 4 && f[0].equals("0".repeat(32)) && f[1].equals("00") && !f[4].equals("0".repeat(32))) {
                        return Optional.of(new NetEndpoint(NetAddress.ipv6(HexFormat.of().parseHex(f[4])),
                                PortMapMessages.SERVER_PORT));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            NET.debug("portmap: no routing table: {}", e.toString());
        }
        return Optional.empty();
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return !stopping;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
    }
}
