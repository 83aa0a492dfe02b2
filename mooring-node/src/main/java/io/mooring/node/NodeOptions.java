package io.mooring.node;

import static io.mooring.node.OptionCategory.CHAINPARAMS;
import static io.mooring.node.OptionCategory.CONNECTION;
import static io.mooring.node.OptionCategory.DEBUG_TEST;
import static io.mooring.node.OptionCategory.HIDDEN;
import static io.mooring.node.OptionCategory.OPTIONS;
import static io.mooring.node.OptionCategory.RPC;
import static io.mooring.node.OptionFlag.DEBUG_ONLY;
import static io.mooring.node.OptionFlag.DISALLOW_ELISION;
import static io.mooring.node.OptionFlag.DISALLOW_NEGATION;
import static io.mooring.node.OptionFlag.NETWORK_ONLY;
import static io.mooring.node.OptionFlag.SENSITIVE;

import io.mooring.blocks.ExtraTransactions;
import io.mooring.logging.LogCategory;

/**
 * The options the node knows, with Core's help texts and flags (from Core's {@code SetupServerArgs} in
 * {@code src/init.cpp}, {@code AddLoggingArgs} in {@code src/init/common.cpp} and
 * {@code SetupChainParamsBaseOptions} in {@code src/chainparamsbase.cpp}), adapted only where Mooring's file names
 * differ (mooring.conf, mooring.pid).
 */
public final class NodeOptions {
    public static final String CONF_FILENAME = "mooring.conf";
    public static final String PID_FILENAME = "mooring.pid";
    public static final String DEBUGLOG_FILENAME = "debug.log";
    public static final String COOKIE_FILENAME = ".cookie";
    public static final String ASMAP_FILENAME = "ip_asn.map";

    public static final int DEFAULT_MAX_PEER_CONNECTIONS = 125;
    public static final int MAX_ADDNODE_CONNECTIONS = 8;
    public static final int DEFAULT_PEER_CONNECT_TIMEOUT = 60;
    public static final int DEFAULT_CONNECT_TIMEOUT = 5000;
    public static final int DEFAULT_MAXRECEIVEBUFFER = 5 * 1000;
    public static final int DEFAULT_MAXSENDBUFFER = 1 * 1000;
    public static final int DEFAULT_HTTP_THREADS = 16;
    public static final boolean DEFAULT_LISTEN = true;
    public static final boolean DEFAULT_DNSSEED = true;
    /** Core's DEFAULT_NATPMP: -natpmp. */
    public static final boolean DEFAULT_NATPMP = false;
    /** Core's DEFAULT_NAME_LOOKUP: -dns. */
    public static final boolean DEFAULT_NAME_LOOKUP = true;
    public static final boolean DEFAULT_FORCEDNSSEED = false;
    public static final boolean DEFAULT_FIXEDSEEDS = true;
    public static final boolean DEFAULT_PROXYRANDOMIZE = true;
    public static final boolean DEFAULT_BLOCKSONLY = false;
    public static final boolean DEFAULT_V2_TRANSPORT = true;
    public static final boolean DEFAULT_LOGIPS = false;
    public static final boolean DEFAULT_LOGTIMESTAMPS = true;
    public static final boolean DEFAULT_LOGTIMEMICROS = false;
    public static final boolean DEFAULT_LOGTHREADNAMES = false;
    public static final boolean DEFAULT_LOGLEVELALWAYS = false;

    private NodeOptions() {
    }

    /** A fresh {@link NodeArgs} with every node option registered. */
    public static NodeArgs create() {
        NodeArgs a = new NodeArgs();
        register(a);
        return a;
    }

    /** Registers every node option on {@code a}. */
    public static void register(NodeArgs a) {
        // help (SetupHelpOptions)
        a.add(OptionSpec.of("-help", "Print this help message and exit (also -h or -?)", OPTIONS));
        a.add(OptionSpec.of("-h", "", HIDDEN));
        a.add(OptionSpec.of("-?", "", HIDDEN));
        a.add(OptionSpec.of("-help-debug", "Print help message with debugging options and exit", DEBUG_TEST));
        a.add(OptionSpec.of("-version", "Print version and exit", OPTIONS));

        // general options
        a.add(OptionSpec.of("-conf=<file>", "Specify path to read-only configuration file. Relative paths will be "
                + "prefixed by datadir location (only useable from command line, not configuration file) (default: "
                + CONF_FILENAME + ")", OPTIONS).withDefault(CONF_FILENAME));
        a.add(OptionSpec.of("-datadir=<dir>", "Specify data directory", OPTIONS, DISALLOW_NEGATION));
        a.add(OptionSpec.of("-includeconf=<file>", "Specify additional configuration file, relative to the -datadir "
                + "path (only useable from configuration file, not command line)", OPTIONS).repeating());
        a.add(OptionSpec.of("-pid=<file>", "Specify pid file. Relative paths will be prefixed by a net-specific "
                + "datadir location. (default: " + PID_FILENAME + ")", OPTIONS).withDefault(PID_FILENAME));
        a.add(OptionSpec.of("-blockreconstructionextratxn=<n>", "Extra transactions to keep in memory for compact "
                + "block reconstructions (default: " + ExtraTransactions.DEFAULT_BLOCK_RECONSTRUCTION_EXTRA_TXN + ")",
                OPTIONS).withDefault(ExtraTransactions.DEFAULT_BLOCK_RECONSTRUCTION_EXTRA_TXN));
        a.add(OptionSpec.of("-blocksonly", "Whether to reject transactions from network peers. Disables automatic "
                + "broadcast and rebroadcast of transactions, unless the source peer has the 'forcerelay' "
                + "permission. RPC transactions are not affected. (default: " + b(DEFAULT_BLOCKSONLY) + ")", OPTIONS)
                .withDefault(b(DEFAULT_BLOCKSONLY)));
        a.add(OptionSpec.of("-daemon", "Run in the background as a daemon and accept commands (default: 0). Not "
                + "supported by Mooring: run it in the foreground under a service manager.", OPTIONS).withDefault(0));

        // logging (AddLoggingArgs)
        a.add(OptionSpec.of("-debuglogfile=<file>", "Specify location of debug log file (default: "
                + DEBUGLOG_FILENAME + "). Relative paths will be prefixed by a net-specific datadir location. Pass "
                + "-nodebuglogfile to disable writing the log to a file.", OPTIONS).withDefault(DEBUGLOG_FILENAME));
        a.add(OptionSpec.of("-debug=<category>", "Output debug and trace logging (default: -nodebug, supplying "
                + "<category> is optional). If <category> is not supplied or if <category> is 1 or \"all\", output "
                + "all debug logging. If <category> is 0 or \"none\", any other categories are ignored. Other valid "
                + "values for <category> are: " + LogCategory.listString() + ". This option can be specified "
                + "multiple times to output multiple categories.", DEBUG_TEST).repeating());
        a.add(OptionSpec.of("-debugexclude=<category>", "Exclude debug and trace logging for a category. Can be used "
                + "in conjunction with -debug=1 to output debug and trace logging for all categories except the "
                + "specified category. This option can be specified multiple times to exclude multiple categories. "
                + "This takes priority over \"-debug\"", DEBUG_TEST).repeating());
        a.add(OptionSpec.of("-logips", "Include IP addresses in debug output (default: " + b(DEFAULT_LOGIPS) + ")",
                DEBUG_TEST).withDefault(b(DEFAULT_LOGIPS)));
        a.add(OptionSpec.of("-loglevel=<level>|<category>:<level>", "Set the global or per-category severity level "
                + "for logging categories enabled with the -debug configuration option or the logging RPC. Possible "
                + "values are info, debug, trace (default=debug). The following levels are always logged: error, "
                + "warning, info. If <category>:<level> is supplied, the setting will override the global one and "
                + "may be specified multiple times to set multiple category-specific levels. <category> can be: "
                + LogCategory.listString() + ".", DEBUG_TEST, DISALLOW_NEGATION, DISALLOW_ELISION, DEBUG_ONLY)
                .repeating());
        a.add(OptionSpec.of("-logtimestamps", "Prepend debug output with timestamp (default: "
                + b(DEFAULT_LOGTIMESTAMPS) + ")", DEBUG_TEST).withDefault(b(DEFAULT_LOGTIMESTAMPS)));
        a.add(OptionSpec.of("-logthreadnames", "Prepend debug output with name of the originating thread (default: "
                + b(DEFAULT_LOGTHREADNAMES) + ")", DEBUG_TEST).withDefault(b(DEFAULT_LOGTHREADNAMES)));
        a.add(OptionSpec.of("-logtimemicros", "Add microsecond precision to debug timestamps (default: "
                + b(DEFAULT_LOGTIMEMICROS) + ")", DEBUG_TEST, DEBUG_ONLY).withDefault(b(DEFAULT_LOGTIMEMICROS)));
        a.add(OptionSpec.of("-loglevelalways", "Always prepend a category and level (default: "
                + b(DEFAULT_LOGLEVELALWAYS) + ")", DEBUG_TEST).withDefault(b(DEFAULT_LOGLEVELALWAYS)));
        a.add(OptionSpec.of("-printtoconsole", "Send trace/debug info to console (default: 1 when no -daemon. To "
                + "disable logging to file, set -nodebuglogfile)", DEBUG_TEST));
        a.add(OptionSpec.of("-shrinkdebugfile", "Shrink debug.log file on client startup (default: 1 when no "
                + "-debug)", DEBUG_TEST));

        // connection options
        a.add(OptionSpec.of("-addnode=<ip>", "Add a node to connect to and attempt to keep the connection open (see "
                + "the addnode RPC help for more info). This option can be specified multiple times to add multiple "
                + "nodes; connections are limited to " + MAX_ADDNODE_CONNECTIONS + " at a time and are counted "
                + "separately from the -maxconnections limit.", CONNECTION, NETWORK_ONLY).repeating());
        a.add(OptionSpec.of("-asmap=<file>", "Specify asn mapping used for bucketing of the peers (default: "
                + ASMAP_FILENAME + "). Relative paths will be prefixed by the net-specific datadir location.",
                CONNECTION));
        a.add(OptionSpec.of("-bind=<addr>[:<port>][=onion]", "Bind to given address and always listen on it "
                + "(default: 0.0.0.0). Use [host]:port notation for IPv6. Append =onion to tag any incoming "
                + "connections to that address and port as incoming Tor connections (default: 127.0.0.1:8334=onion, "
                + "testnet3: 127.0.0.1:18334=onion, testnet4: 127.0.0.1:48334=onion, signet: 127.0.0.1:38334=onion, "
                + "regtest: 127.0.0.1:18445=onion)", CONNECTION, NETWORK_ONLY).repeating());
        a.add(OptionSpec.of("-connect=<ip>", "Connect only to the specified node; -noconnect disables automatic "
                + "connections (the rules for this peer are the same as for -addnode). This option can be specified "
                + "multiple times to connect to multiple nodes.", CONNECTION, NETWORK_ONLY).repeating());
        a.add(OptionSpec.of("-discover", "Discover own IP addresses (default: 1 when listening and no -externalip or "
                + "-proxy)", CONNECTION));
        a.add(OptionSpec.of("-natpmp", "Use PCP or NAT-PMP to map the listening port (default: "
                + b(DEFAULT_NATPMP) + ")", CONNECTION));
        a.add(OptionSpec.of("-natpmpgateway=<ip>[:<port>]", "Mooring extension for tests: the gateway to ask for "
                + "port mappings instead of the default route's (default port 5351)", CONNECTION, DEBUG_ONLY));
        a.add(OptionSpec.of("-dns", "Allow DNS lookups for -addnode, -seednode and -connect (default: "
                + b(DEFAULT_NAME_LOOKUP) + ")", CONNECTION));
        a.add(OptionSpec.of("-dnsseed", "Query for peer addresses via DNS lookup, if low on addresses (default: "
                + b(DEFAULT_DNSSEED) + " unless -connect used or -maxconnections=0)", CONNECTION));
        a.add(OptionSpec.of("-externalip=<ip>", "Specify your own public address", CONNECTION).repeating());
        a.add(OptionSpec.of("-fixedseeds", "Allow fixed seeds if DNS seeds don't provide peers (default: "
                + b(DEFAULT_FIXEDSEEDS) + ")", CONNECTION).withDefault(b(DEFAULT_FIXEDSEEDS)));
        a.add(OptionSpec.of("-forcednsseed", "Always query for peer addresses via DNS lookup (default: "
                + b(DEFAULT_FORCEDNSSEED) + ")", CONNECTION).withDefault(b(DEFAULT_FORCEDNSSEED)));
        a.add(OptionSpec.of("-listen", "Accept connections from outside (default: " + b(DEFAULT_LISTEN)
                + " if no -proxy, -connect or -maxconnections=0)", CONNECTION));
        a.add(OptionSpec.of("-maxconnections=<n>", "Maintain at most <n> automatic connections to peers (default: "
                + DEFAULT_MAX_PEER_CONNECTIONS + "). This limit does not apply to connections manually added via "
                + "-addnode or the addnode RPC, which have a separate limit of " + MAX_ADDNODE_CONNECTIONS + ".",
                CONNECTION).withDefault(DEFAULT_MAX_PEER_CONNECTIONS));
        a.add(OptionSpec.of("-maxreceivebuffer=<n>", "Maximum per-connection receive buffer, <n>*1000 bytes "
                + "(default: " + DEFAULT_MAXRECEIVEBUFFER + ")", CONNECTION).withDefault(DEFAULT_MAXRECEIVEBUFFER));
        a.add(OptionSpec.of("-maxsendbuffer=<n>", "Maximum per-connection memory usage for the send buffer, "
                + "<n>*1000 bytes (default: " + DEFAULT_MAXSENDBUFFER + ")", CONNECTION)
                .withDefault(DEFAULT_MAXSENDBUFFER));
        a.add(OptionSpec.of("-onion=<ip:port|path>", "Use separate SOCKS5 proxy to reach peers via Tor onion "
                + "services, set -noonion to disable (default: -proxy). May be a local file path prefixed with "
                + "'unix:'.", CONNECTION));
        a.add(OptionSpec.of("-onlynet=<net>", "Make automatic outbound connections only to network <net> (ipv4, "
                + "ipv6, onion, i2p, cjdns). Inbound and manual connections are not affected by this option. It can "
                + "be specified multiple times to allow multiple networks.", CONNECTION).repeating());
        a.add(OptionSpec.of("-v2transport", "Support v2 transport (default: " + b(DEFAULT_V2_TRANSPORT) + ")",
                CONNECTION).withDefault(b(DEFAULT_V2_TRANSPORT)));
        a.add(OptionSpec.of("-port=<port>", "Listen for connections on <port> (default: 8333, testnet3: 18333, "
                + "testnet4: 48333, signet: 38333, regtest: 18444). Not relevant for I2P (see doc/i2p.md). If set "
                + "to a value x, the default onion listening port will be set to x+1.", CONNECTION, NETWORK_ONLY));
        a.add(OptionSpec.of("-proxy=<ip:port|path>", "Connect through SOCKS5 proxy, set -noproxy to disable "
                + "(default: disabled). May be a local file path prefixed with 'unix:' if the proxy supports it.",
                CONNECTION, DISALLOW_ELISION));
        a.add(OptionSpec.of("-proxyrandomize", "Randomize credentials for every proxy connection. This enables Tor "
                + "stream isolation (default: " + b(DEFAULT_PROXYRANDOMIZE) + ")", CONNECTION)
                .withDefault(b(DEFAULT_PROXYRANDOMIZE)));
        a.add(OptionSpec.of("-seednode=<ip>", "Connect to a node to retrieve peer addresses, and disconnect. This "
                + "option can be specified multiple times to connect to multiple nodes. During startup, seednodes "
                + "will be tried before dnsseeds.", CONNECTION).repeating());
        a.add(OptionSpec.of("-networkactive", "Enable all P2P network activity (default: 1). Can be changed by the "
                + "setnetworkactive RPC command", CONNECTION).withDefault(1));
        a.add(OptionSpec.of("-timeout=<n>", "Specify socket connection timeout in milliseconds. If an initial "
                + "attempt to connect is unsuccessful after this amount of time, drop it (minimum: 1, default: "
                + DEFAULT_CONNECT_TIMEOUT + ")", CONNECTION).withDefault(DEFAULT_CONNECT_TIMEOUT));
        a.add(OptionSpec.of("-peertimeout=<n>", "Specify a p2p connection timeout delay in seconds. After "
                + "connecting to a peer, wait this amount of time before considering disconnection based on "
                + "inactivity (minimum: 1, default: " + DEFAULT_PEER_CONNECT_TIMEOUT + ")", CONNECTION, DEBUG_ONLY)
                .withDefault(DEFAULT_PEER_CONNECT_TIMEOUT));
        a.add(OptionSpec.of("-whitebind=<[permissions@]addr>", "Bind to the given address and add permission flags "
                + "to the peers connecting to it. Use [host]:port notation for IPv6. Allowed permissions: "
                + "bloomfilter (allow requesting BIP37 filtered blocks and transactions), noban (do not ban for "
                + "misbehavior; implies download), forcerelay (relay transactions that are already in the mempool; "
                + "implies relay), relay (relay even in -blocksonly mode, and unlimited transaction announcements), "
                + "mempool (allow requesting BIP35 mempool contents), download (allow getheaders during IBD, no "
                + "disconnect after maxuploadtarget limit), addr (responses to GETADDR avoid hitting the cache and "
                + "contain random records with the most up-to-date info). Specify multiple permissions separated by "
                + "commas (default: download,noban,mempool,relay). Can be specified multiple times.", CONNECTION)
                .repeating());
        a.add(OptionSpec.of("-whitelist=<[permissions@]IP address or network>", "Add permission flags to the peers "
                + "using the given IP address (e.g. 1.2.3.4) or CIDR-notated network (e.g. 1.2.3.0/24). Uses the "
                + "same permissions as -whitebind. Additional flags \"in\" and \"out\" control whether permissions "
                + "apply to incoming connections and/or manual (default: incoming only). Can be specified multiple "
                + "times.", CONNECTION).repeating());
        a.add(OptionSpec.of("-blockrelayinboundslots=<n>", "Mooring extension: accept up to <n> inbound "
                + "connections beyond the -maxconnections inbound limit from peers whose version asks for no "
                + "transaction relay (block-relay-only peers). A peer that asks for transaction relay and finds only "
                + "these slots free is disconnected after its version (default: 0)", CONNECTION).withDefault(0));
        a.add(OptionSpec.of("-dnsserver=<ip>[:<port>]", "Mooring extension for tests: ask this DNS server (default "
                + "port 53) for the DNS seeds instead of the system's resolvers", CONNECTION, DEBUG_ONLY));
        a.add(OptionSpec.of("-regtestroutableloopback", "Mooring extension: on regtest, treat loopback addresses as "
                + "routable so local test networks behave like public ones (default: 0)", CONNECTION, DEBUG_ONLY)
                .withDefault(0));

        // debugging/testing
        a.add(OptionSpec.of("-uacomment=<cmt>", "Append comment to the user agent string", DEBUG_TEST).repeating());
        a.add(OptionSpec.of("-mocktime=<n>", "Replace actual time with UNIX epoch time (default: 0)", DEBUG_TEST,
                DEBUG_ONLY).withDefault(0));

        // chain selection (SetupChainParamsBaseOptions)
        a.add(OptionSpec.of("-chain=<chain>", "Use the chain <chain> (default: main). Allowed values: main, test, "
                + "testnet4, signet, regtest, or (Mooring) the path of a chain-parameter file (.json or .toml)",
                CHAINPARAMS).withDefault("main"));
        a.add(OptionSpec.of("-regtest", "Enter regression test mode, which uses a special chain in which blocks can "
                + "be solved instantly. This is intended for regression testing tools and app development. "
                + "Equivalent to -chain=regtest.", CHAINPARAMS, DEBUG_ONLY));
        a.add(OptionSpec.of("-testnet", "Use the testnet3 chain. Equivalent to -chain=test. Support for testnet3 is "
                + "deprecated and will be removed in an upcoming release. Consider moving to testnet4 now by using "
                + "-testnet4.", CHAINPARAMS));
        a.add(OptionSpec.of("-testnet4", "Use the testnet4 chain. Equivalent to -chain=testnet4.", CHAINPARAMS));
        a.add(OptionSpec.of("-signet", "Use the signet chain. Equivalent to -chain=signet. Note that the network is "
                + "defined by the -signetchallenge parameter", CHAINPARAMS));

        // RPC server
        a.add(OptionSpec.of("-rpcallowip=<ip>", "Allow JSON-RPC connections from specified source. Valid values for "
                + "<ip> are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0), a "
                + "network/CIDR (e.g. 1.2.3.4/24), all ipv4 (0.0.0.0/0), or all ipv6 (::/0). This option can be "
                + "specified multiple times", RPC).repeating());
        a.add(OptionSpec.of("-rpcauth=<userpw>", "Username and HMAC-SHA-256 hashed password for JSON-RPC "
                + "connections. The field <userpw> comes in the format: <USERNAME>:<SALT>$<HASH>. A canonical python "
                + "script is included in share/rpcauth. The client then connects normally using the "
                + "rpcuser=<USERNAME>/rpcpassword=<PASSWORD> pair of arguments. This option can be specified "
                + "multiple times", RPC, SENSITIVE).repeating());
        a.add(OptionSpec.of("-rpcbind=<addr>[:port]", "Bind to given address to listen for JSON-RPC connections. Do "
                + "not expose the RPC server to untrusted networks such as the public internet! This option is "
                + "ignored unless -rpcallowip is also passed. Port is optional and overrides -rpcport. Use "
                + "[host]:port notation for IPv6. This option can be specified multiple times (default: 127.0.0.1 "
                + "and ::1 i.e., localhost)", RPC, NETWORK_ONLY).repeating());
        a.add(OptionSpec.of("-rpccookiefile=<loc>", "Location of the auth cookie. Relative paths will be prefixed by "
                + "a net-specific datadir location. (default: data dir)", RPC));
        a.add(OptionSpec.of("-rpcpassword=<pw>", "Password for JSON-RPC connections", RPC, SENSITIVE));
        a.add(OptionSpec.of("-rpcport=<port>", "Listen for JSON-RPC connections on <port> (default: 8332, testnet3: "
                + "18332, testnet4: 48332, signet: 38332, regtest: 18443)", RPC, NETWORK_ONLY));
        a.add(OptionSpec.of("-rpcthreads=<n>", "Set the number of threads to service RPC calls (default: "
                + DEFAULT_HTTP_THREADS + ")", RPC).withDefault(DEFAULT_HTTP_THREADS));
        a.add(OptionSpec.of("-rpcuser=<user>", "Username for JSON-RPC connections", RPC, SENSITIVE));
        a.add(OptionSpec.of("-server", "Accept command line and JSON-RPC commands", RPC));
    }

    private static String b(boolean v) {
        return v ? "1" : "0";
    }
}
