package io.mooring.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import io.mooring.blocks.ExtraTransactions;
import io.mooring.chain.ChainParams;
import io.mooring.connman.NetPermissions;
import io.mooring.connman.NetPermissions;
import io.mooring.logging.LogCategory;

/**
 * Everything the node reads from its options, resolved against the selected chain and datadir, with Core's
 * defaults and checks. Lists keep the operator's order. Built by {@link #from}; bad input is a
 * {@link ConfigException} with Core's message.
 *
 * @param maxReceiveBufferBytes {@code -maxreceivebuffer} × 1000, as Core
 * @param maxSendBufferBytes    {@code -maxsendbuffer} × 1000, as Core
 * @param connectDisabled       {@code -noconnect} or {@code -connect=0}: no automatic outbound connections at all
 * @param onion                 the Tor proxy: {@code -onion}, else {@code -proxy}; empty with {@code -noonion}
 * @param userAgent             Core's {@code FormatSubVersion}: {@code /Mooring:0.1.0(comment; comment)/}
 * @param clientVersionNumber   Core's {@code CLIENT_VERSION} for the build's version (getnetworkinfo's {@code version})
 * @param dnsServer             Mooring's hidden {@code -dnsserver=IP[:PORT]}: the DNS server seeds are asked through
 *                              (tests point it at a loopback server); empty for the system's resolvers
 * @param dns                   Core's {@code -dns}: host names in -addnode, -seednode and -connect may be resolved
 * @param natPmp                Core's {@code -natpmp}: map the listening port on the gateway with PCP or NAT-PMP
 * @param natPmpGateway         Mooring's hidden {@code -natpmpgateway=IP[:PORT]} (tests): the gateway to ask
 * @param rpcCookieFile         Core's {@code -rpccookiefile} against the net datadir; empty with
 *                              {@code -norpccookiefile} (no cookie is written, as Core's GenerateAuthCookie)
 * @param blockReconstructionExtraTxn Core's {@code -blockreconstructionextratxn}: the compact block extra pool's
 *                              capacity, clamped to 0 .. 2^32-1 as Core
 * @param rpcAuth               Core's {@code -rpcauth} values ({@code user:salt$hmac}), checked when RPC starts
 */
public record NodeConfig(
        ChainParams chain,
        Path dataDir,
        Path chainDir,
        Optional<Path> configFile,
        boolean listen,
        List<String> bind,
        int port,
        List<String> connect,
        boolean connectDisabled,
        List<String> addNode,
        List<String> seedNode,
        int maxConnections,
        Duration peerTimeout,
        Duration connectTimeout,
        Optional<String> proxy,
        Optional<String> onion,
        List<String> onlyNet,
        boolean proxyRandomize,
        long maxReceiveBufferBytes,
        long maxSendBufferBytes,
        List<String> uaComments,
        String userAgent,
        int clientVersionNumber,
        boolean dnsSeed,
        boolean forceDnsSeed,
        boolean fixedSeeds,
        boolean discover,
        List<String> externalIp,
        Optional<Path> asmap,
        boolean blocksOnly,
        long blockReconstructionExtraTxn,
        List<String> whitelist,
        List<String> whitebind,
        boolean networkActive,
        boolean v2Transport,
        int rpcPort,
        List<String> rpcBind,
        List<String> rpcAllowIp,
        Optional<String> rpcUser,
        Optional<String> rpcPassword,
        Optional<Path> rpcCookieFile,
        List<String> rpcAuth,
        int rpcThreads,
        boolean server,
        Set<LogCategory> debugCategories,
        boolean printToConsole,
        Optional<Path> debugLogFile,
        boolean logTimeMicros,
        boolean logThreadNames,
        boolean logIps,
        Optional<Path> pidFile,
        OptionalInt blockRelayInboundSlots,
        boolean regtestRoutableLoopback,
        long mockTime,
        Optional<String> dnsServer,
        boolean dns,
        boolean natPmp,
        Optional<String> natPmpGateway) {

    /** Core's {@code MAX_SUBVERSION_LENGTH}. */
    public static final int MAX_SUBVERSION_LENGTH = 256;
    /** Core's {@code SAFE_CHARS_UA_COMMENT} ({@code src/util/strencodings.cpp}). */
    static final String SAFE_CHARS_UA_COMMENT =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;-_/:?@()";
    /** Core's {@code ParseNetwork} names accepted by {@code -onlynet}. */
    static final Set<String> NETWORKS = Set.of("ipv4", "ipv6", "onion", "i2p", "cjdns");
    /** Core's per-chain RPC ports ({@code CreateBaseChainParams}). */
    static final Map<String, Integer> RPC_PORTS =
            Map.of("main", 8332, "test", 18332, "testnet4", 48332, "signet", 38332, "regtest", 18443);

    public NodeConfig {
        bind = List.copyOf(bind);
        connect = List.copyOf(connect);
        addNode = List.copyOf(addNode);
        seedNode = List.copyOf(seedNode);
        onlyNet = List.copyOf(onlyNet);
        uaComments = List.copyOf(uaComments);
        externalIp = List.copyOf(externalIp);
        whitelist = List.copyOf(whitelist);
        whitebind = List.copyOf(whitebind);
        rpcBind = List.copyOf(rpcBind);
        rpcAllowIp = List.copyOf(rpcAllowIp);
        rpcAuth = List.copyOf(rpcAuth);
        debugCategories = Set.copyOf(debugCategories);
    }

    /** The default RPC port of a chain: Core's for built-in chains, P2P port − 1 for a custom chain. */
    public static int defaultRpcPort(ChainParams chain) {
        Integer p = RPC_PORTS.get(chain.id());
        return p != null ? p : chain.defaultPort() - 1;
    }

    /** Core's {@code FormatSubVersion}. */
    static String formatSubVersion(String name, String version, List<String> comments) {
        StringBuilder b = new StringBuilder("/").append(name).append(':').append(version);
        if (!comments.isEmpty()) b.append('(').append(String.join("; ", comments)).append(')');
        return b.append("/").toString();
    }

    /**
     * Builds the config after parameter interaction ({@link NodeStartup#interact}) from {@code args}.
     *
     * @param dataDir  the base datadir
     * @param chainDir the net-specific datadir
     */
    public static NodeConfig from(NodeArgs args, ChainParams chain, Path dataDir, Path chainDir,
                                  Set<LogCategory> debugCategories, String clientName, String clientVersion)
            throws ConfigException {
        if (args.getBool("daemon", false)) {
            throw new ConfigException("-daemon is not supported by Mooring; run it in the foreground (for example "
                    + "under systemd) instead");
        }
        int port = port(args, "port", chain.defaultPort());
        int rpcPort = port(args, "rpcport", defaultRpcPort(chain));

        long peerTimeout = args.getInt("peertimeout", NodeOptions.DEFAULT_PEER_CONNECT_TIMEOUT);
        if (peerTimeout <= 0) throw new ConfigException("peertimeout must be a positive integer.");
        long connectTimeout = args.getInt("timeout", NodeOptions.DEFAULT_CONNECT_TIMEOUT);
        if (connectTimeout <= 0) connectTimeout = NodeOptions.DEFAULT_CONNECT_TIMEOUT;

        long maxConn = args.getInt("maxconnections", NodeOptions.DEFAULT_MAX_PEER_CONNECTIONS);
        int maxConnections = (int) Math.max(0, Math.min(maxConn, Integer.MAX_VALUE));

        long mockTime = args.getInt("mocktime", 0);
        if (mockTime < 0) throw new ConfigException("Mocktime cannot be negative: " + mockTime + ".");

        for (String net : args.getAll("onlynet")) {
            if (!NETWORKS.contains(net.toLowerCase(Locale.ROOT))) {
                throw new ConfigException("Unknown network specified in -onlynet: '" + net + "'");
            }
        }

        Optional<String> proxy = Optional.empty();
        String proxyArg = args.getString("proxy", "");
        if (!proxyArg.isEmpty() && !proxyArg.equals("0")) {
            if (!validProxy(proxyArg)) {
                throw new ConfigException("Invalid -proxy address or hostname: '" + proxyArg + "'");
            }
            proxy = Optional.of(proxyArg);
        }
        Optional<String> onion = proxy;
        String onionArg = args.getString("onion", "");
        if (!onionArg.isEmpty()) {
            if (onionArg.equals("0")) {
                onion = Optional.empty();
            } else {
                if (!validProxy(onionArg)) {
                    throw new ConfigException("Invalid -onion address or hostname: '" + onionArg + "'");
                }
                onion = Optional.of(onionArg);
            }
        }

        // Core's AppInitMain: -onlynet=onion with no proxy to reach Tor is an error. Core also accepts a Tor control
        // connection (-listenonion) as the source of that proxy; Mooring has no Tor control, so only -proxy/-onion do.
        if (onion.isEmpty() && args.getAll("onlynet").stream().anyMatch(n -> n.equalsIgnoreCase("onion"))) {
            throw new ConfigException("Outbound connections restricted to Tor (-onlynet=onion) but the proxy for "
                    + "reaching the Tor network is not provided: none of -proxy, -onion or -listenonion is given");
        }

        for (String bind : args.getAll("bind")) {
            String addr = bind.endsWith("=onion") ? bind.substring(0, bind.length() - "=onion".length()) : bind;
            if (addr.isEmpty() || !validHostPort(addr)) {
                throw new ConfigException("Cannot resolve -bind address: '" + bind + "'");
            }
        }

        List<String> comments = args.getAll("uacomment");
        for (String c : comments) {
            for (int i = 0; i < c.length(); i++) {
                if (SAFE_CHARS_UA_COMMENT.indexOf(c.charAt(i)) < 0) {
                    throw new ConfigException("User Agent comment (" + c + ") contains unsafe characters.");
                }
            }
        }
        String userAgent = formatSubVersion(clientName, clientVersion, comments);
        if (userAgent.length() > MAX_SUBVERSION_LENGTH) {
            throw new ConfigException("Total length of network version string (" + userAgent.length()
                    + ") exceeds maximum length (" + MAX_SUBVERSION_LENGTH
                    + "). Reduce the number or size of uacomments.");
        }

        Optional<Path> asmap = Optional.empty();
        if (args.isSet("asmap") && !args.isNegated("asmap")) {
            String v = args.getString("asmap", "");
            if (v.isEmpty() || v.equals("1")) {
                throw new ConfigException("Embedded asmap data not available");
            }
            Path p = Path.of(v);
            Path abs = p.isAbsolute() ? p : chainDir.resolve(p);
            if (!Files.exists(abs)) throw new ConfigException("Could not find asmap file \"" + abs + "\"");
            asmap = Optional.of(abs);
        }

        // Core (AppInitParameterInteraction): forcing DNS seeds that are switched off is a contradiction.
        if (args.getBool("forcednsseed", NodeOptions.DEFAULT_FORCEDNSSEED)
                && !args.getBool("dnsseed", NodeOptions.DEFAULT_DNSSEED)) {
            throw new ConfigException("Cannot set -forcednsseed to true when setting -dnsseed to false.");
        }
        // Mooring's -regtestroutableloopback changes which addresses count as public: never outside regtest.
        if (args.getBool("regtestroutableloopback", false) && !chain.id().equals("regtest")) {
            throw new ConfigException("-regtestroutableloopback is only supported on regtest (chain is '"
                    + chain.id() + "')");
        }
        Optional<String> dnsServer = args.getString("dnsserver").filter(v -> !v.isEmpty() && !v.equals("0"));
        if (dnsServer.isPresent() && !validHostPort(dnsServer.get())) {
            throw new ConfigException("Invalid -dnsserver address: '" + dnsServer.get() + "'");
        }
        Optional<String> natPmpGateway = args.getString("natpmpgateway").filter(v -> !v.isEmpty() && !v.equals("0"));
        if (natPmpGateway.isPresent() && !validHostPort(natPmpGateway.get())) {
            throw new ConfigException("Invalid -natpmpgateway address: '" + natPmpGateway.get() + "'");
        }
        // Core's AppInitParameterInteraction: -bind and -whitebind can't be set when not listening.
        if ((!args.getAll("bind").isEmpty() || !args.getAll("whitebind").isEmpty())
                && !args.getBool("listen", NodeOptions.DEFAULT_LISTEN)) {
            throw new ConfigException("Cannot set -bind or -whitebind together with -listen=0");
        }
        // Core's init: -whitebind and -whitelist values are parsed at startup; the first bad one stops it.
        for (String w : args.getAll("whitebind")) {
            try {
                NetPermissions.parseWhitebind(w);
            } catch (NetPermissions.ParseException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        for (String w : args.getAll("whitelist")) {
            try {
                NetPermissions.parseWhitelist(w);
            } catch (NetPermissions.ParseException e) {
                throw new ConfigException(e.getMessage());
            }
        }

        // Peers to connect to: numeric addresses or host names (Core resolves names when it connects). A value that is
        // neither stops startup. Names are not resolved locally behind a proxy (that would leak them); Core hands
        // them to the proxy by name, which Mooring does not do yet.
        for (String option : List.of("connect", "addnode", "seednode")) {
            List<String> values = option.equals("connect") ? connectTargets(args.getAll(option)) : args.getAll(option);
            for (String v : values) {
                HostTargets.Target t;
                try {
                    t = HostTargets.parse(v, chain.defaultPort());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("Invalid -" + option + " address or hostname: '" + v + "'");
                }
                if (t instanceof HostTargets.Named && proxy.isPresent()) {
                    throw new ConfigException("-" + option + "=" + v + ": host names through -proxy are not "
                            + "supported yet; give a numeric address");
                }
            }
        }
        for (String v : args.getAll("externalip")) {
            try {
                HostTargets.parse(v, chain.defaultPort());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Cannot resolve -externalip address: '" + v + "'");
            }
        }

        OptionalInt blockRelaySlots = OptionalInt.empty();
        if (args.isSet("blockrelayinboundslots")) {
            long n = args.getInt("blockrelayinboundslots", 0);
            if (n < 0 || n > maxConnections) {
                throw new ConfigException("-blockrelayinboundslots must be between 0 and -maxconnections ("
                        + maxConnections + "), got " + args.getString("blockrelayinboundslots", ""));
            }
            blockRelaySlots = OptionalInt.of((int) n);
        }

        return new NodeConfig(
                chain, dataDir, chainDir, args.configPath(),
                args.getBool("listen", NodeOptions.DEFAULT_LISTEN),
                args.getAll("bind"), port,
                // Core (init.cpp): -connect=0 and -noconnect both mean "no automatic outbound and no -connect peers".
                connectTargets(args.getAll("connect")),
                args.isNegated("connect") || args.getAll("connect").equals(List.of("0")),
                args.getAll("addnode"), args.getAll("seednode"),
                maxConnections, Duration.ofSeconds(peerTimeout), Duration.ofMillis(connectTimeout),
                proxy, onion, args.getAll("onlynet").stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(),
                args.getBool("proxyrandomize", NodeOptions.DEFAULT_PROXYRANDOMIZE),
                1000L * args.getInt("maxreceivebuffer", NodeOptions.DEFAULT_MAXRECEIVEBUFFER),
                1000L * args.getInt("maxsendbuffer", NodeOptions.DEFAULT_MAXSENDBUFFER),
                comments, userAgent, clientVersionNumber(clientVersion),
                args.getBool("dnsseed", NodeOptions.DEFAULT_DNSSEED),
                args.getBool("forcednsseed", NodeOptions.DEFAULT_FORCEDNSSEED),
                args.getBool("fixedseeds", NodeOptions.DEFAULT_FIXEDSEEDS),
                // Core: -externalip and -proxy soft-set -discover=0 (privacy, and the operator said where we are).
                args.getBool("discover", args.getAll("externalip").isEmpty() && proxy.isEmpty()),
                args.getAll("externalip"),
                asmap,
                args.getBool("blocksonly", NodeOptions.DEFAULT_BLOCKSONLY),
                // Core (peerman_args.cpp): clamped to 0 .. uint32 max.
                Math.clamp(args.getInt("blockreconstructionextratxn",
                        ExtraTransactions.DEFAULT_BLOCK_RECONSTRUCTION_EXTRA_TXN), 0L, ExtraTransactions.MAX_CAPACITY),
                args.getAll("whitelist"), args.getAll("whitebind"),
                args.getBool("networkactive", true),
                args.getBool("v2transport", NodeOptions.DEFAULT_V2_TRANSPORT),
                rpcPort, args.getAll("rpcbind"), args.getAll("rpcallowip"),
                args.getString("rpcuser"), args.getString("rpcpassword"),
                netPath(args, "rpccookiefile", NodeOptions.COOKIE_FILENAME, chainDir),
                args.getAll("rpcauth"),
                (int) Math.max(1, Math.min(args.getInt("rpcthreads", NodeOptions.DEFAULT_HTTP_THREADS), 1024)),
                args.getBool("server", false),
                debugCategories,
                args.getBool("printtoconsole", !args.getBool("daemon", false)),
                netPath(args, "debuglogfile", NodeOptions.DEBUGLOG_FILENAME, chainDir),
                args.getBool("logtimemicros", NodeOptions.DEFAULT_LOGTIMEMICROS),
                args.getBool("logthreadnames", NodeOptions.DEFAULT_LOGTHREADNAMES),
                args.getBool("logips", NodeOptions.DEFAULT_LOGIPS),
                netPath(args, "pid", NodeOptions.PID_FILENAME, chainDir),
                blockRelaySlots,
                args.getBool("regtestroutableloopback", false),
                mockTime,
                dnsServer,
                args.getBool("dns", NodeOptions.DEFAULT_NAME_LOOKUP),
                args.getBool("natpmp", NodeOptions.DEFAULT_NATPMP),
                natPmpGateway);
    }

    /**
     * Core's CLIENT_VERSION ({@code 10000 * major + 100 * minor + build}, getnetworkinfo's {@code version}) for a
     * version such as {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}: missing or non-numeric parts count as 0.
     */
    static int clientVersionNumber(String version) {
        String core = version.startsWith("v") ? version.substring(1) : version;
        int dash = core.indexOf('-');
        if (dash >= 0) core = core.substring(0, dash);
        String[] parts = core.split("\\.");
        int[] weights = {10000, 100, 1};
        int n = 0;
        for (int i = 0; i < weights.length && i < parts.length; i++) {
            try {
                n += weights[i] * Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                // not a number: 0, as a build without that part
            }
        }
        return n;
    }

    /** Core's {@code AbsPathForConfigVal(args.GetPathArg(name, default))} against the net datadir. */
    static Optional<Path> netPath(NodeArgs args, String name, String defaultName, Path chainDir) {
        return args.getPathArg(name, Path.of(defaultName)).map(p -> p.isAbsolute() ? p : chainDir.resolve(p));
    }

    /** Core's port check: "Invalid port specified in -port: 'x'" unless 1..65535 in plain digits. */
    private static int port(NodeArgs args, String name, int defaultPort) throws ConfigException {
        Optional<String> v = args.getString(name);
        if (v.isEmpty()) return defaultPort;
        OptionalInt n = CoreParse.parseStrictUInt16(v.get());
        if (n.isEmpty() || n.getAsInt() == 0) {
            throw new ConfigException("Invalid port specified in -" + name + ": '" + v.get() + "'");
        }
        return n.getAsInt();
    }

    private static boolean validProxy(String s) {
        if (s.startsWith("unix:")) return s.length() > "unix:".length();
        return validHostPort(s);
    }

    /** host, host:port, [v6] or [v6]:port with a valid port; no resolution here. */
    static boolean validHostPort(String s) {
        String host;
        String portText = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) return false;
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) return false;
                portText = rest.substring(1);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') == colon) {
                host = s.substring(0, colon);
                portText = s.substring(colon + 1);
            } else {
                host = s; // bare IPv6 or a name
            }
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) return false;
        if (portText != null) {
            OptionalInt p = CoreParse.parseStrictUInt16(portText);
            return p.isPresent() && p.getAsInt() != 0;
        }
        return true;
    }

    /** -connect values other than Core's "0" sentinel. */
    private static List<String> connectTargets(List<String> values) {
        return values.equals(List.of("0")) ? List.of() : List.copyOf(values);
    }
}
