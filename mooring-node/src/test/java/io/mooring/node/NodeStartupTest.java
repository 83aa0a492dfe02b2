package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import io.mooring.logging.LogCategory;

class NodeStartupTest {
    private static final Pattern LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ (.*)");
    private static final Pattern MICROS_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z (.*)");

    @TempDir
    Path home;
    @TempDir
    Path datadir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<NodeStartup.Ready> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(NodeStartup.Ready::close);
    }

    private NodeStartup startup() {
        return new NodeStartup(new NodeStartup.Environment(home, Clock.systemUTC(),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                4242, "0.1.0-test"));
    }

    private NodeStartup.Ready start(String... argv) throws ConfigException {
        List<String> all = new ArrayList<>(List.of("-datadir=" + datadir, "-printtoconsole=0"));
        all.addAll(List.of(argv));
        NodeStartup.Ready r = (NodeStartup.Ready) startup().run(all.toArray(String[]::new));
        started.add(r);
        return r;
    }

    /** The messages of the last run in debug.log, timestamps stripped. */
    private static List<String> messages(Path debugLog, Pattern line) throws Exception {
        String text = Files.readString(debugLog);
        String lastRun = text.substring(text.lastIndexOf("\n\n\n\n\n") + 5);
        List<String> out = new ArrayList<>();
        for (String l : lastRun.split("\n")) {
            var m = line.matcher(l);
            assertThat(m.matches()).as("debug.log line %s", l).isTrue();
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void mainnetUsesTheDatadirItselfAndWritesLockPidAndDebugLog() throws Exception {
        NodeStartup.Ready r = start();
        assertThat(r.config().chainDir()).isEqualTo(datadir);
        assertThat(datadir.resolve(".lock")).exists();
        assertThat(Files.readString(datadir.resolve("mooring.pid"))).isEqualTo("4242\n");
        assertThat(datadir.resolve("debug.log")).exists();
        assertThat(r.config().port()).isEqualTo(8333);
        assertThat(r.config().rpcPort()).isEqualTo(8332);
        r.close();
        assertThat(datadir.resolve("mooring.pid")).doesNotExist();
    }

    @Test
    void testChainsUseCoresSubdirectoriesAndRpcPorts() throws Exception {
        record Case(String arg, String dir, int port, int rpc) {
        }
        for (Case c : List.of(new Case("-testnet", "testnet3", 18333, 18332),
                new Case("-testnet4", "testnet4", 48333, 48332), new Case("-signet", "signet", 38333, 38332),
                new Case("-regtest", "regtest", 18444, 18443), new Case("-chain=regtest", "regtest", 18444, 18443))) {
            NodeStartup.Ready r = start(c.arg());
            assertThat(r.config().chainDir()).isEqualTo(datadir.resolve(c.dir()));
            assertThat(r.config().chainDir().resolve(".lock")).exists();
            assertThat(r.config().chainDir().resolve("debug.log")).exists();
            assertThat(r.config().port()).isEqualTo(c.port());
            assertThat(r.config().rpcPort()).isEqualTo(c.rpc());
            r.close();
        }
    }

    @Test
    void missingDatadirIsCoresError() {
        Path missing = datadir.resolve("nope");
        assertThatThrownBy(() -> startup().run(new String[] {"-datadir=" + missing}))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Specified data directory \"" + missing + "\" does not exist.");
    }

    @Test
    void secondNodeOnTheSameChainDirCannotLock() throws Exception {
        start("-regtest");
        assertThatThrownBy(() -> start("-regtest", "-nopid")).isInstanceOf(ConfigException.class).hasMessage(
                "Cannot obtain a lock on directory " + datadir.resolve("regtest")
                        + ". Mooring is probably already running.");
        // another chain in the same datadir is fine, as in Core
        start("-signet");
    }

    @Test
    void lockIsReleasedOnClose() throws Exception {
        start("-regtest").close();
        start("-regtest");
    }

    @Test
    void debugLogStartsWithCoresBannerLines() throws Exception {
        start("-regtest", "-nolisten");
        List<String> msgs = messages(datadir.resolve("regtest/debug.log"), LINE);
        assertThat(msgs).containsSubsequence(
                "Mooring version v0.1.0-test (release build)",
                "parameter interaction: -listen=0 -> setting -discover=0",
                "Default data directory " + home.resolve(".mooring"),
                "Using data directory " + datadir.resolve("regtest"),
                "Config file: " + datadir.resolve("mooring.conf") + " (not found, skipping)",
                "Command-line arg: datadir=\"" + datadir + "\"",
                "Command-line arg: listen=false",
                "Command-line arg: printtoconsole=\"0\"",
                "Command-line arg: regtest=\"\"");
        assertThat(Files.readString(datadir.resolve("regtest/debug.log"))).startsWith("\n\n\n\n\n");
    }

    @Test
    void configFileLineAndConfigArgsAreLogged() throws Exception {
        Files.writeString(datadir.resolve("mooring.conf"), "regtest=1\nrpcpassword=hunter2\n[regtest]\nport=19000\n");
        NodeStartup.Ready r = start();
        assertThat(r.config().port()).isEqualTo(19000);
        assertThat(r.config().rpcPassword()).contains("hunter2");
        List<String> msgs = messages(datadir.resolve("regtest/debug.log"), LINE);
        assertThat(msgs).contains("Config file: " + datadir.resolve("mooring.conf"),
                "Config file arg: regtest=\"1\"", "Config file arg: rpcpassword=****",
                "Config file arg: [regtest] port=\"19000\"");
    }

    @Test
    void categoryLinesAppearOnlyWhenEnabled() throws Exception {
        start("-regtest", "-debug=net", "-debug=addrman", "-debugexclude=addrman");
        LogCategory.NET.logger().debug("net detail {}", 1);
        LogCategory.NET.logger().trace("net trace");
        LogCategory.ADDRMAN.logger().debug("addrman detail");
        LogCategory.VALIDATION.logger().debug("validation detail");
        LogCategory.NET.logger().info("net info");
        LoggerFactory.getLogger("some.Class").info("plain info");
        LoggerFactory.getLogger("some.Class").warn("careful");
        LoggerFactory.getLogger("some.Class").error("broken");
        LoggerFactory.getLogger("some.Class").debug("dropped");
        started.get(0).close();
        List<String> msgs = messages(datadir.resolve("regtest/debug.log"), LINE);
        assertThat(msgs).containsSubsequence("[net] net detail 1", "[net:info] net info", "plain info",
                "[warning] careful", "[error] broken");
        assertThat(String.join("\n", msgs)).doesNotContain("net trace", "addrman detail", "validation detail",
                "dropped");
    }

    @Test
    void debugAllAndLoglevelTraceEnableEverything() throws Exception {
        start("-regtest", "-debug", "-loglevel=trace", "-logtimemicros");
        LogCategory.VALIDATION.logger().debug("v");
        LogCategory.NET.logger().trace("t");
        started.get(0).close();
        assertThat(messages(datadir.resolve("regtest/debug.log"), MICROS_LINE)).contains("[validation] v", "[net:trace] t");
    }

    @Test
    void debugZeroDisregardsEarlierCategories() throws Exception {
        NodeStartup.Ready r = start("-regtest", "-debug=net", "-debug=none", "-debug=tor");
        assertThat(r.config().debugCategories()).containsExactly(LogCategory.TOR);
    }

    @Test
    void unknownDebugCategoryIsCoresError() {
        assertThatThrownBy(() -> start("-debug=bogus")).hasMessage("Unsupported logging category -debug=bogus.");
        assertThatThrownBy(() -> start("-debugexclude=bogus"))
                .hasMessage("Unsupported logging category -debugexclude=bogus.");
        assertThat(datadir.resolve(".lock")).doesNotExist();
    }

    @Test
    void controlCharactersAreEscapedAndThreadNamesShown() throws Exception {
        start("-regtest", "-logthreadnames");
        LoggerFactory.getLogger("x").info("bell\u0007here");
        started.get(0).close();
        String thread = Thread.currentThread().getName();
        assertThat(messages(datadir.resolve("regtest/debug.log"), LINE)).contains("[" + thread + "] bell\\x07here");
    }

    @Test
    void printtoconsoleCopiesLinesToStdoutAndNodebuglogfileWritesNoFile() throws Exception {
        NodeStartup.Ready r = (NodeStartup.Ready) startup().run(
                new String[] {"-datadir=" + datadir, "-regtest", "-nodebuglogfile"});
        started.add(r);
        assertThat(datadir.resolve("regtest/debug.log")).doesNotExist();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("Using data directory ");
        assertThat(r.config().debugLogFile()).isEmpty();
    }

    @Test
    void debuglogfileAndPidPathsAreRelativeToTheChainDir() throws Exception {
        NodeStartup.Ready r = start("-regtest", "-debuglogfile=my.log", "-pid=run.pid");
        assertThat(datadir.resolve("regtest/my.log")).exists();
        assertThat(datadir.resolve("regtest/run.pid")).exists();
        assertThat(r.config().rpcCookieFile()).contains(datadir.resolve("regtest/.cookie"));
    }

    @Test
    void networkOnlySettingInDefaultSectionStopsStartupOffMain() throws Exception {
        Files.writeString(datadir.resolve("mooring.conf"), "port=1234\naddnode=1.2.3.4\n");
        assertThatThrownBy(() -> start("-regtest")).hasMessage(
                "Config setting for -addnode only applied on regtest network when in [regtest] section.\n"
                        + "Config setting for -port only applied on regtest network when in [regtest] section.");
        assertThat(start().config().port()).isEqualTo(1234);
    }

    @Test
    void unknownConfigValueIsAWarningInDebugLog() throws Exception {
        Files.writeString(datadir.resolve("mooring.conf"), "dbcache=450\n[bogus]\n");
        start("-regtest");
        assertThat(messages(datadir.resolve("regtest/debug.log"), LINE)).contains(
                "[warning] Ignoring unknown configuration value dbcache",
                "Warning: " + datadir.resolve("mooring.conf") + ":2 Section [bogus] is not recognized.");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("Section [bogus] is not recognized.");
    }

    @Test
    void configErrorsArePrefixedLikeCore() throws Exception {
        Files.writeString(datadir.resolve("mooring.conf"), "bad line\n");
        assertThatThrownBy(() -> start()).hasMessage("Error reading configuration file: parse error on line 1: bad line");
    }

    @Test
    void unknownChainIsCoresError() {
        assertThatThrownBy(() -> start("-chain=bogus")).hasMessage("Unknown chain bogus.");
    }

    @Test
    void customChainFileUsesItsOwnDirectoryAndSection(@TempDir Path chains) throws Exception {
        String json = io.mooring.chain.ChainParamsLoader.toJson(io.mooring.chain.ChainParamsLoader.builtIn("regtest"))
                .replace("\"regtest\"", "\"mychain\"");
        Path file = chains.resolve("mychain.json");
        Files.writeString(file, json);
        Files.writeString(datadir.resolve("mooring.conf"), "[mychain]\nmaxconnections=7\n");
        NodeStartup.Ready r = start("-chain=" + file);
        assertThat(r.config().chain().id()).isEqualTo("mychain");
        assertThat(r.config().maxConnections()).isEqualTo(7);
        assertThat(r.config().rpcPort()).isEqualTo(r.config().chain().defaultPort() - 1);
    }

    @Test
    void helpAndVersionExitWithoutTouchingTheDatadir() throws Exception {
        var help = startup().run(new String[] {"-datadir=" + datadir, "-?"});
        assertThat(help).isInstanceOf(NodeStartup.Exit.class);
        assertThat(((NodeStartup.Exit) help).output()).contains("Usage:", "-maxconnections=<n>");
        var version = startup().run(new String[] {"-version"});
        assertThat(((NodeStartup.Exit) version).output()).isEqualTo("Mooring node version v0.1.0-test\n");
        assertThat(datadir.resolve(".lock")).doesNotExist();
    }
}
