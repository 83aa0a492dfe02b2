package io.mooring.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mooring rpc}: bitcoin-cli's behaviour (src/bitcoin-cli.cpp) for a Mooring node. Options come first, in
 * Core's syntax ({@code -name=value}, {@code -name}, {@code -noname}); then the method and its arguments, converted to
 * JSON per {@link RpcConvertParams} or given as {@code name=value} with {@code -named}. Credentials: {@code
 * -rpcuser/-rpcpassword}, else the cookie in the chain's data directory. A string result prints raw, any other
 * result as JSON indented by 2, a null result prints nothing; an error prints {@code error code: N\nerror
 * message:\n...} to stderr and exits with |N| (as bitcoin-cli; the shell sees it modulo 256); other failures print
 * {@code error: ...} and exit 1.
 */
public final class RpcCli {
    /** Where the node keeps its data when {@code -datadir} is not given. */
    public static final String DEFAULT_DATA_DIR_NAME = ".mooring";
    /** Core's DEFAULT_HTTP_CLIENT_TIMEOUT, seconds. */
    public static final int DEFAULT_CLIENT_TIMEOUT = 900;
    /** Core's DEFAULT_RPCCONNECT. */
    public static final String DEFAULT_RPCCONNECT = "127.0.0.1";

    /** Core's chains: name, data subdirectory, default RPC port. */
    public record Chain(String name, String dataDir, int rpcPort) {}

    public static final Map<String, Chain> CHAINS = Map.of(
            "main", new Chain("main", "", 8332),
            "test", new Chain("test", "testnet3", 18332),
            "testnet4", new Chain("testnet4", "testnet4", 48332),
            "signet", new Chain("signet", "signet", 38332),
            "regtest", new Chain("regtest", "regtest", 18443));

    private static final Set<String> BOOL_OPTIONS = Set.of(
            "named", "regtest", "testnet", "testnet4", "signet", "stdin", "stdinrpcpass", "rpcwait", "help", "h",
            "?", "version");
    private static final Set<String> VALUE_OPTIONS = Set.of(
            "datadir", "chain", "rpcport", "rpcconnect", "rpcuser", "rpcpassword", "rpccookiefile",
            "rpcclienttimeout", "rpcwaittimeout", "conf");

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Path home;

    public RpcCli(PrintStream out, PrintStream err, InputStream in, Path home) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.home = home;
    }

    /** Runs with the process's streams and home directory. */
    public static int main(String... args) {
        return new RpcCli(System.out, System.err, System.in, Path.of(System.getProperty("user.home"))).run(args);
    }

    private static final class ArgError extends Exception {
        ArgError(String message) {
            super(message);
        }
    }

    /** Parsed options (last value wins, as Core's GetArg). */
    private final Map<String, String> options = new LinkedHashMap<>();

    private boolean bool(String name) {
        String v = options.get(name);
        if (v == null) return false;
        if (v.isEmpty()) return true;
        try {
            return Long.parseLong(v.strip()) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Optional<String> value(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** Exit code as bitcoin-cli's main. */
    public int run(String... argv) {
        List<String> positional = new ArrayList<>();
        try {
            int i = 0;
            for (; i < argv.length; i++) {
                String a = argv[i];
                if (!a.startsWith("-") || a.length() < 2) break;
                parseOption(a);
            }
            positional.addAll(Arrays.asList(argv).subList(i, argv.length));
        } catch (ArgError e) {
            err.println("Error parsing command line arguments: " + e.getMessage());
            return 1;
        }
        if (argv.length == 0 || bool("help") || bool("h") || bool("?") || bool("version")) {
            out.print(usage());
            if (argv.length == 0) {
                err.println("Error: too few parameters");
                return 1;
            }
            return 0;
        }
        Chain chain;
        Path dataDir;
        try {
            chain = selectChain();
            dataDir = value("datadir").map(Path::of).orElse(home.resolve(DEFAULT_DATA_DIR_NAME));
            if (options.containsKey("datadir") && !Files.isDirectory(dataDir)) {
                throw new ArgError("Specified data directory \"" + options.get("datadir") + "\" does not exist.");
            }
        } catch (ArgError e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
        String strPrint;
        int ret;
        try {
            if (bool("stdinrpcpass") || bool("stdin")) readStdin(positional);
            if (positional.isEmpty()) throw new IOException("too few parameters (need at least command)");
            String method = positional.getFirst();
            List<String> args = positional.subList(1, positional.size());
            JsonNode params = bool("named")
                    ? RpcConvertParams.convertNamedValues(method, args)
                    : RpcConvertParams.convertValues(method, args);
            JsonNode reply = connectAndCall(chain, dataDir, method, params);
            JsonNode result = reply.get("result");
            JsonNode error = reply.get("error");
            if (error == null || error.isNull()) {
                strPrint = result == null || result.isNull() ? ""
                        : result.isTextual() ? result.textValue() : UniJson.write(result, 2);
                ret = 0;
            } else {
                StringBuilder s = new StringBuilder();
                if (error.isObject()) {
                    JsonNode code = error.get("code");
                    JsonNode message = error.get("message");
                    if (code != null && !code.isNull()) s.append("error code: ").append(valStr(code)).append('\n');
                    if (message != null && message.isTextual()) {
                        s.append("error message:\n").append(message.textValue());
                    }
                } else {
                    s.append("error: ").append(UniJson.write(error));
                }
                strPrint = s.toString();
                JsonNode code = error.get("code");
                ret = code != null && code.canConvertToInt() ? Math.abs(code.intValue()) : 1;
                if (ret == 0) ret = 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            strPrint = "error: interrupted";
            ret = 1;
        } catch (IOException | RuntimeException e) {
            strPrint = "error: " + e.getMessage();
            ret = 1;
        }
        if (!strPrint.isEmpty()) (ret == 0 ? out : err).println(strPrint);
        return ret;
    }

    private static String valStr(JsonNode v) {
        return v.isTextual() ? v.textValue() : UniJson.write(v);
    }

    private void parseOption(String a) throws ArgError {
        String s = a.startsWith("--") ? a.substring(2) : a.substring(1);
        String key = s;
        String val = "";
        int eq = s.indexOf('=');
        if (eq >= 0) {
            key = s.substring(0, eq);
            val = s.substring(eq + 1);
        }
        boolean negated = false;
        if (key.startsWith("no") && (BOOL_OPTIONS.contains(key.substring(2))
                || VALUE_OPTIONS.contains(key.substring(2)))) {
            key = key.substring(2);
            negated = true;
        }
        if (!BOOL_OPTIONS.contains(key) && !VALUE_OPTIONS.contains(key)) {
            throw new ArgError("Invalid parameter " + a);
        }
        if (negated) {
            // Core: -nofoo is foo=0; -nofoo=0 is foo=1
            boolean v = val.isEmpty() || !isTrue(val);
            options.put(key, v ? "0" : "1");
            if (VALUE_OPTIONS.contains(key)) options.remove(key);
            return;
        }
        options.put(key, val);
    }

    private static boolean isTrue(String v) {
        try {
            return Long.parseLong(v.strip()) != 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Core's {@code ArgsManager::GetChainTypeString}. */
    private Chain selectChain() throws ArgError {
        int count = 0;
        String name = "main";
        if (bool("regtest")) {
            count++;
            name = "regtest";
        }
        if (bool("signet")) {
            count++;
            name = "signet";
        }
        if (bool("testnet")) {
            count++;
            name = "test";
        }
        if (bool("testnet4")) {
            count++;
            name = "testnet4";
        }
        if (options.containsKey("chain")) {
            count++;
            name = options.get("chain");
        }
        if (count > 1) {
            throw new ArgError(
                    "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.");
        }
        Chain chain = CHAINS.get(name);
        if (chain == null) throw new ArgError("Unknown chain " + name + ".");
        return chain;
    }

    private void readStdin(List<String> positional) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        if (bool("stdinrpcpass")) {
            String line = r.readLine();
            if (line == null) throw new IOException("-stdinrpcpass specified but failed to read from standard input");
            options.put("rpcpassword", line);
        }
        if (bool("stdin")) {
            String line;
            while ((line = r.readLine()) != null) positional.add(line);
        }
    }

    /** Core's ConnectAndCallRPC/CallRPC, with {@code -rpcwait} retrying on connection failure and warmup. */
    private JsonNode connectAndCall(Chain chain, Path dataDir, String method, JsonNode params)
            throws IOException, InterruptedException {
        String host = value("rpcconnect").orElse(DEFAULT_RPCCONNECT);
        int port = chain.rpcPort();
        // -rpcconnect may carry a port; -rpcport wins
        HostPort hp = HostPort.split(host);
        host = hp.host();
        if (hp.port() > 0) port = hp.port();
        if (options.containsKey("rpcport")) {
            try {
                port = Integer.parseInt(options.get("rpcport").strip());
            } catch (NumberFormatException e) {
                throw new IOException("Invalid port provided in -rpcport: " + options.get("rpcport"));
            }
            if (port <= 0 || port > 65535) {
                throw new IOException("Invalid port provided in -rpcport: " + options.get("rpcport"));
            }
        }
        String credentials;
        boolean failedToGetAuthCookie = false;
        String password = value("rpcpassword").orElse("");
        if (password.isEmpty()) {
            Path chainDir = chain.dataDir().isEmpty() ? dataDir : dataDir.resolve(chain.dataDir());
            Path cookie = chainDir.resolve(value("rpccookiefile").orElse(RpcAuth.COOKIE_FILE));
            Optional<String> c = RpcAuth.readCookie(cookie);
            if (c.isPresent()) {
                credentials = c.get();
            } else {
                failedToGetAuthCookie = true;
                credentials = value("rpcuser").orElse("") + ":" + password;
            }
        } else {
            credentials = value("rpcuser").orElse("") + ":" + password;
        }
        long timeoutSeconds = parseLong(value("rpcclienttimeout").orElse(null), DEFAULT_CLIENT_TIMEOUT);
        RpcClient client = new RpcClient(host, port, credentials,
                timeoutSeconds <= 0 ? null : Duration.ofSeconds(timeoutSeconds));
        boolean wait = bool("rpcwait");
        long waitTimeout = parseLong(value("rpcwaittimeout").orElse(null), 0);
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(waitTimeout, 0)).toNanos();
        while (true) {
            String failure;
            try {
                JsonNode reply = client.callRaw(method, params, failedToGetAuthCookie);
                JsonNode error = reply.get("error");
                if (wait && error != null && error.isObject() && error.path("code").asInt()
                        == RpcErrorCode.RPC_IN_WARMUP.code()) {
                    failure = "server in warmup";
                } else {
                    return reply;
                }
            } catch (RpcClient.ConnectionFailedException e) {
                failure = e.getMessage() + "\n\nMake sure the Mooring node is running and that you are connecting "
                        + "to the correct RPC port.\nUse \"mooring rpc -help\" for more info.";
            }
            if (wait && (waitTimeout <= 0 || System.nanoTime() < deadline)) {
                Thread.sleep(1000);
            } else {
                throw new IOException("timeout on transient error: " + failure);
            }
        }
    }

    private static long parseLong(String v, long dflt) {
        if (v == null) return dflt;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private record HostPort(String host, int port) {
        /** Core's SplitHostPort: {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, bare IPv6. */
        static HostPort split(String in) {
            if (in.startsWith("[")) {
                int close = in.indexOf(']');
                if (close > 0) {
                    String h = in.substring(1, close);
                    String rest = in.substring(close + 1);
                    if (rest.startsWith(":")) return new HostPort(h, parsePort(rest.substring(1)));
                    return new HostPort(h, 0);
                }
            }
            int colon = in.lastIndexOf(':');
            if (colon > 0 && in.indexOf(':') == colon) {
                int p = parsePort(in.substring(colon + 1));
                if (p > 0) return new HostPort(in.substring(0, colon), p);
            }
            return new HostPort(in, 0);
        }

        private static int parsePort(String s) {
            try {
                int p = Integer.parseInt(s);
                return p > 0 && p <= 65535 ? p : 0;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /** The help text (bitcoin-cli -help, for Mooring). */
    public static String usage() {
        return """
                Mooring RPC client

                Usage:  mooring rpc [options] <command> [params]  Send command to the Mooring node
                or:     mooring rpc [options] -named <command> [name=value]...  Send command to the Mooring node (with named arguments)
                or:     mooring rpc [options] help                List commands
                or:     mooring rpc [options] help <command>      Get help for a command

                Options:

                  -?, -h, -help
                       Print this help message and exit

                  -chain=<chain>
                       Use the chain <chain> (default: main). Allowed values: main, test, testnet4, signet, regtest

                  -datadir=<dir>
                       Specify data directory (default: ~/.mooring)

                  -named
                       Pass named instead of positional arguments (default: false)

                  -regtest, -signet, -testnet, -testnet4
                       Use the chain of that name

                  -rpcclienttimeout=<n>
                       Timeout in seconds during HTTP requests, or 0 for no timeout. (default: 900)

                  -rpcconnect=<ip>
                       Send commands to node running on <ip> (default: 127.0.0.1)

                  -rpccookiefile=<loc>
                       Location of the auth cookie. Relative paths will be prefixed by a net-specific datadir
                       location. (default: data dir)

                  -rpcpassword=<pw>
                       Password for JSON-RPC connections

                  -rpcport=<port>
                       Connect to JSON-RPC on <port> (default: 8332, testnet: 18332, testnet4: 48332, signet: 38332,
                       regtest: 18443)

                  -rpcuser=<user>
                       Username for JSON-RPC connections

                  -rpcwait
                       Wait for RPC server to start

                  -rpcwaittimeout=<n>
                       Timeout in seconds to wait for the RPC server to start, or 0 for no timeout. (default: 0)

                  -stdin
                       Read extra arguments from standard input, one per line until EOF/Ctrl-D

                  -stdinrpcpass
                       Read RPC password from standard input as a single line. When combined with -stdin, the first
                       line from standard input is used for the RPC password.
                """;
    }
}
