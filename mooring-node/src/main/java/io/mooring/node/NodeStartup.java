package io.mooring.node;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mooring.chain.ChainParams;
import io.mooring.chain.ChainParamsException;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.logging.LogCategory;

/**
 * bitcoind's start-up up to the node loop, in Core's order ({@code AppInit} in {@code src/bitcoind.cpp},
 * {@code InitConfig} in {@code src/common/init.cpp}, {@code AppInitParameterInteraction},
 * {@code LockDataDirectory} and the start of {@code AppInitMain} in {@code src/init.cpp}): parse the command line,
 * answer -help/-version, read the config file, select the chain, resolve and create the datadir, set up debug.log
 * (buffered), apply parameter interaction, validate into a {@link NodeConfig}, lock the chain directory, write the
 * pid file, open debug.log and log the banner lines.
 *
 * <pre>{@code
 * switch (NodeStartup.prepare(args)) {
 *     case NodeStartup.Exit exit -> { System.out.print(exit.output()); return 0; }
 *     case NodeStartup.Ready ready -> { try (ready) { runNode(ready.config()); } }
 * }
 * // ConfigException: print "Error: " + e.getMessage() on stderr and exit 1, as bitcoind does.
 * }</pre>
 */
public final class NodeStartup {
    public static final String CLIENT_NAME = "Mooring";
    /** The version this build was made as (Maven's project.version, filtered into build.properties). */
    public static final String BUILD_VERSION = readBuildVersion();

    private static String readBuildVersion() {
        try (java.io.InputStream in = NodeStartup.class.getResourceAsStream("build.properties")) {
            if (in == null) throw new IllegalStateException("build.properties missing from the build");
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (v.isEmpty() || v.startsWith("${")) {
                throw new IllegalStateException("build.properties was not filtered: version=" + v);
            }
            return v;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The process's surroundings, injectable for tests. */
    public record Environment(Path home, Clock clock, PrintStream stdout, PrintStream stderr, long pid,
                              String version) {
        public static Environment system() {
            String home = System.getenv("HOME");
            return new Environment(Path.of(home == null || home.isEmpty() ? "/" : home), Clock.systemUTC(),
                    System.out, System.err, ProcessHandle.current().pid(), BUILD_VERSION);
        }
    }

    /** What {@link #prepare} returns. */
    public sealed interface Startup permits Exit, Ready {
    }

    /** -help or -version: print {@code output} on stdout and exit 0. */
    public record Exit(String output) implements Startup {
    }

    /**
     * The node is ready to run: its config, the parsed options, the held datadir lock, pid file and debug.log.
     * {@link #close} removes the pid file, releases the lock and closes debug.log (in that order).
     */
    public static final class Ready implements Startup, AutoCloseable {
        private final NodeConfig config;
        private final NodeArgs args;
        private final DataDirLock lock;
        private final PidFile pidFile;
        private final DebugLog log;
        private boolean closed;

        Ready(NodeConfig config, NodeArgs args, DataDirLock lock, PidFile pidFile, DebugLog log) {
            this.config = config;
            this.args = args;
            this.lock = lock;
            this.pidFile = pidFile;
            this.log = log;
        }

        public NodeConfig config() {
            return config;
        }

        public NodeArgs args() {
            return args;
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            LoggerFactory.getLogger(NodeStartup.class).info("Shutdown: done");
            if (pidFile != null) pidFile.close();
            lock.close();
            log.close();
        }
    }

    private final Environment env;

    public NodeStartup(Environment env) {
        this.env = env;
    }

    /** {@link #run} with the real environment. */
    public static Startup prepare(String[] argv) throws ConfigException {
        return new NodeStartup(Environment.system()).run(argv);
    }

    /** The default datadir: {@code ~/.mooring} (Core's {@code GetDefaultDataDir}, "/" when HOME is unset). */
    public Path defaultDataDir() {
        return env.home().resolve(".mooring");
    }

    private String versionLine() {
        return CLIENT_NAME + " version v" + env.version() + " (release build)";
    }

    public Startup run(String[] argv) throws ConfigException {
        NodeArgs args = NodeOptions.create();
        args.parseCommandLine(argv);
        if (args.helpRequested() || args.getBool("version", false)) {
            String header = CLIENT_NAME + " node version v" + env.version() + "\n";
            if (!args.getBool("version", false)) {
                header += "\nThe " + CLIENT_NAME + " node connects to the Bitcoin peer-to-peer network.\n\n"
                        + "Usage:  mooring node [options]                     Start " + CLIENT_NAME + "\n\n"
                        + args.helpMessage();
            }
            return new Exit(header);
        }

        // InitConfig: datadir, config files, chain selection, directories.
        Optional<Path> datadirArg = args.getPathArg("datadir", null);
        if (datadirArg.isPresent() && !Files.isDirectory(datadirArg.get().toAbsolutePath())) {
            throw new ConfigException("Specified data directory \"" + args.getString("datadir", "")
                    + "\" does not exist.");
        }
        Path base = datadirArg.map(p -> p.toAbsolutePath().normalize()).orElse(defaultDataDir());
        List<String> stderrWarnings = new ArrayList<>();
        try {
            args.readConfigFiles(base, NodeOptions.CONF_FILENAME, stderrWarnings);
            Optional<Path> fromConf = args.getPathArg("datadir", null);
            if (fromConf.isPresent() && !Files.isDirectory(fromConf.get().toAbsolutePath())) {
                throw new ConfigException("specified data directory \"" + args.getString("datadir", "")
                        + "\" does not exist.");
            }
            base = fromConf.map(p -> p.toAbsolutePath().normalize()).orElse(defaultDataDir());
        } catch (ConfigException e) {
            throw new ConfigException("Error reading configuration file: " + e.getMessage(), e);
        }
        for (String w : stderrWarnings) env.stderr().println(w);

        ChainParams chain = selectChain(args, base);
        Path chainDir = chain.dataDirName().isEmpty() ? base : base.resolve(chain.dataDirName());
        try {
            Files.createDirectories(chainDir);
        } catch (IOException e) {
            throw new ConfigException("Cannot write to directory '" + chainDir + "'; check permissions.", e);
        }

        // InitLogging: debug.log buffers until the datadir is locked.
        Set<LogCategory> categories = DebugLog.categories(args.getAll("debug"), args.getAll("debugexclude"));
        DebugLog.Levels levels = DebugLog.levels(categories, args.getAll("loglevel"));
        long mocktime = Math.max(0, args.getInt("mocktime", 0));
        CoreLogAppender.Format format = new CoreLogAppender.Format(
                args.getBool("logtimestamps", NodeOptions.DEFAULT_LOGTIMESTAMPS),
                args.getBool("logtimemicros", NodeOptions.DEFAULT_LOGTIMEMICROS),
                args.getBool("logthreadnames", NodeOptions.DEFAULT_LOGTHREADNAMES),
                args.getBool("loglevelalways", NodeOptions.DEFAULT_LOGLEVELALWAYS),
                mocktime);
        DebugLog debugLog = DebugLog.configure(format, levels, env.clock());
        // Core's InitLogging: fLogIPs from -logips.
        io.mooring.logging.LogIps.setEnabled(args.getBool("logips", NodeOptions.DEFAULT_LOGIPS));
        Logger log = LoggerFactory.getLogger(NodeStartup.class);
        DataDirLock lock = null;
        PidFile pid = null;
        try {
            for (NodeArgs.Deferred d : args.drainDeferred()) {
                if (d.warning()) log.warn(d.message());
                else log.info(d.message());
            }
            log.info(versionLine());
            interact(args, log);

            // AppInitParameterInteraction
            StringBuilder errors = new StringBuilder();
            for (String arg : args.unsuitableSectionOnlyArgs()) {
                errors.append("Config setting for ").append(arg).append(" only applied on ").append(args.network())
                        .append(" network when in [").append(args.network()).append("] section.\n");
            }
            if (!errors.isEmpty()) throw new ConfigException(errors.toString().stripTrailing());
            if (args.network().equals("test")) {
                log.info("Warning: Support for testnet3 is deprecated and will be removed in an upcoming release. "
                        + "Consider switching to testnet4.");
            }
            StringBuilder warnings = new StringBuilder();
            for (NodeArgs.Section s : args.unrecognizedSections()) {
                warnings.append(s.file()).append(':').append(s.line()).append(" Section [").append(s.name())
                        .append("] is not recognized.\n");
            }
            if (!warnings.isEmpty()) initWarning(log, warnings.toString().stripTrailing());

            NodeConfig config = NodeConfig.from(args, chain, base, chainDir, categories, CLIENT_NAME, env.version());

            // LockDataDirectory, then AppInitMain: pid file, StartLogging.
            lock = DataDirLock.acquire(chainDir);
            if (config.pidFile().isPresent()) pid = PidFile.create(config.pidFile().get(), env.pid());
            debugLog.open(config.debugLogFile(), config.printToConsole() ? env.stdout() : null,
                    args.getBool("shrinkdebugfile", categories.isEmpty()));
            log.info("Default data directory {}", defaultDataDir());
            log.info("Using data directory {}", chainDir);
            Optional<Path> conf = args.configPath();
            if (conf.isEmpty()) {
                log.info("Config file: <disabled>");
            } else if (Files.isDirectory(conf.get())) {
                log.warn("Config file: {} (is directory, not file)", conf.get());
            } else if (Files.exists(conf.get())) {
                log.info("Config file: {}", conf.get());
            } else if (args.isSet("conf")) {
                initWarning(log, "The specified config file " + conf.get() + " does not exist");
            } else {
                log.info("Config file: {} (not found, skipping)", conf.get());
            }
            for (String line : args.logArgsLines()) log.info(line);
            return new Ready(config, args, lock, pid, debugLog);
        } catch (ConfigException | RuntimeException e) {
            if (pid != null) pid.close();
            if (lock != null) lock.close();
            debugLog.close();
            throw e;
        }
    }

    /** Core's {@code InitWarning} without a GUI: "Warning: ..." on stderr and in debug.log. */
    private void initWarning(Logger log, String message) {
        env.stderr().println("Warning: " + message);
        log.info("Warning: {}", message);
    }

    /**
     * Core's chain choice: a built-in name (main, test, testnet4, signet, regtest), or (Mooring) the path of a chain
     * file, relative paths against the working directory.
     */
    static ChainParams selectChain(NodeArgs args, Path base) throws ConfigException {
        String name = args.chainTypeString();
        ChainParams chain;
        if (NodeArgs.BUILT_IN_SECTIONS.contains(name)) {
            chain = ChainParamsLoader.builtIn(name);
            args.selectConfigNetwork(name);
        } else {
            Path file = Path.of(name);
            if (!(name.contains("/") || name.endsWith(".json") || name.endsWith(".toml")) || !Files.isRegularFile(file)) {
                throw new ConfigException("Unknown chain " + name + ".");
            }
            try {
                chain = ChainParamsLoader.load(file);
            } catch (IOException e) {
                throw new ConfigException("Cannot read chain file " + file + ": " + e.getMessage(), e);
            } catch (ChainParamsException e) {
                throw new ConfigException("Invalid chain file " + file + ": " + e.getMessage(), e);
            }
            args.recogniseSection(chain.id());
            args.selectConfigNetwork(chain.id());
        }
        return chain;
    }

    /** Core's {@code InitParameterInteraction} for the options Mooring has, with Core's log lines. */
    static void interact(NodeArgs args, Logger log) {
        // bitcoind (not bitcoin-qt) serves RPC unless told otherwise: bitcoind.cpp soft-sets -server=1.
        args.softSetBool("server", true);
        if (!args.getAll("bind").isEmpty() && args.softSetBool("listen", true)) {
            log.info("parameter interaction: -bind set -> setting -listen=1");
        }
        if (!args.getAll("whitebind").isEmpty() && args.softSetBool("listen", true)) {
            log.info("parameter interaction: -whitebind set -> setting -listen=1");
        }
        if (!args.getAll("connect").isEmpty() || args.isNegated("connect")
                || args.getInt("maxconnections", NodeOptions.DEFAULT_MAX_PEER_CONNECTIONS) <= 0) {
            if (args.softSetBool("dnsseed", false)) {
                log.info("parameter interaction: -connect or -maxconnections=0 set -> setting -dnsseed=0");
            }
            if (args.softSetBool("listen", false)) {
                log.info("parameter interaction: -connect or -maxconnections=0 set -> setting -listen=0");
            }
        }
        String proxy = args.getString("proxy", "");
        if (!proxy.isEmpty() && !proxy.equals("0")) {
            if (args.softSetBool("listen", false)) log.info("parameter interaction: -proxy set -> setting -listen=0");
            // Core: no port mapping behind a proxy (privacy), even with -listen=1.
            if (args.softSetBool("natpmp", false)) log.info("parameter interaction: -proxy set -> setting -natpmp=0");
            if (args.softSetBool("discover", false)) {
                log.info("parameter interaction: -proxy set -> setting -discover=0");
            }
        }
        if (!args.getBool("listen", NodeOptions.DEFAULT_LISTEN)) {
            if (args.softSetBool("natpmp", false)) log.info("parameter interaction: -listen=0 -> setting -natpmp=0");
            if (args.softSetBool("discover", false)) log.info("parameter interaction: -listen=0 -> setting -discover=0");
        }
        if (!args.getAll("externalip").isEmpty() && args.softSetBool("discover", false)) {
            log.info("parameter interaction: -externalip set -> setting -discover=0");
        }
        List<String> onlynets = args.getAll("onlynet");
        if (!onlynets.isEmpty()) {
            boolean clearnet = onlynets.stream().anyMatch(n -> n.equalsIgnoreCase("ipv4") || n.equalsIgnoreCase("ipv6"));
            if (!clearnet && args.softSetBool("dnsseed", false)) {
                log.info("parameter interaction: -onlynet excludes IPv4 and IPv6 -> setting -dnsseed=0");
            }
        }
    }
}
