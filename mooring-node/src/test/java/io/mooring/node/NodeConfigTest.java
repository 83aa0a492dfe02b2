package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

import ch.qos.logback.classic.Level;
import io.mooring.chain.ChainParamsLoader;
import io.mooring.logging.LogCategory;

class NodeConfigTest {
    private static final Path DIR = Path.of("/tmp/mooring-test-not-created");

    private static NodeConfig config(String... argv) throws ConfigException {
        NodeArgs a = NodeOptions.create();
        a.parseCommandLine(argv);
        String chain = a.chainTypeString();
        a.selectConfigNetwork(chain);
        NodeStartup.interact(a, NOPLogger.NOP_LOGGER);
        return NodeConfig.from(a, ChainParamsLoader.builtIn(chain), DIR, DIR, Set.of(), "Mooring", "0.1.0");
    }

    @Test
    void defaultsAreCores() throws Exception {
        NodeConfig c = config();
        assertThat(c.maxConnections()).isEqualTo(125);
        assertThat(c.peerTimeout().toSeconds()).isEqualTo(60);
        assertThat(c.connectTimeout().toMillis()).isEqualTo(5000);
        assertThat(c.maxReceiveBufferBytes()).isEqualTo(5_000_000);
        assertThat(c.maxSendBufferBytes()).isEqualTo(1_000_000);
        assertThat(c.listen()).isTrue();
        assertThat(c.dnsSeed()).isTrue();
        assertThat(c.discover()).isTrue();
        assertThat(c.proxyRandomize()).isTrue();
        assertThat(c.v2Transport()).isTrue();
        assertThat(c.printToConsole()).isTrue();
        assertThat(c.rpcThreads()).isEqualTo(16);
        assertThat(c.userAgent()).isEqualTo("/Mooring:0.1.0/");
        assertThat(c.pidFile()).contains(DIR.resolve("mooring.pid"));
        assertThat(c.debugLogFile()).contains(DIR.resolve("debug.log"));
    }

    @Test
    void largeMaxconnectionsIsAllowedAndNegativeIsZero() throws Exception {
        assertThat(config("-maxconnections=10000").maxConnections()).isEqualTo(10000);
        assertThat(config("-maxconnections=-5").maxConnections()).isZero();
    }

    @Test
    void blockreconstructionextratxnDefaultsToCoresHundredAndIsClampedToAUint32() throws Exception {
        assertThat(config().blockReconstructionExtraTxn()).isEqualTo(100);
        assertThat(config("-blockreconstructionextratxn=0").blockReconstructionExtraTxn()).isZero();
        assertThat(config("-blockreconstructionextratxn=-7").blockReconstructionExtraTxn()).isZero();
        assertThat(config("-blockreconstructionextratxn=5000").blockReconstructionExtraTxn()).isEqualTo(5000);
        assertThat(config("-blockreconstructionextratxn=99999999999").blockReconstructionExtraTxn())
                .isEqualTo(4_294_967_295L);
    }

    @Test
    void connectTurnsOffDnsseedAndListenUnlessSetExplicitly() throws Exception {
        NodeConfig c = config("-connect=1.2.3.4:8333");
        assertThat(c.dnsSeed()).isFalse();
        assertThat(c.listen()).isFalse();
        assertThat(c.discover()).isFalse();
        assertThat(config("-connect=1.2.3.4", "-listen").listen()).isTrue();
        assertThat(config("-noconnect").connectDisabled()).isTrue();
        assertThat(config("-maxconnections=0").dnsSeed()).isFalse();
    }

    @Test
    void proxyTurnsOffListenAndDiscoverAndIsTheDefaultOnionProxy() throws Exception {
        NodeConfig c = config("-proxy=127.0.0.1:9050");
        assertThat(c.listen()).isFalse();
        assertThat(c.discover()).isFalse();
        assertThat(c.onion()).contains("127.0.0.1:9050");
        assertThat(config("-proxy=127.0.0.1:9050", "-noonion").onion()).isEmpty();
        assertThat(config("-noproxy").proxy()).isEmpty();
    }

    @Test
    void bindForcesListenAndOnlynetWithoutClearnetDisablesDnsseed() throws Exception {
        assertThat(config("-connect=x", "-bind=127.0.0.1:8333").listen()).isTrue();
        // -onlynet=onion needs a way to reach Tor (else a config error, see OutboundNodeTest).
        assertThat(config("-onlynet=onion", "-onion=127.0.0.1:9050").dnsSeed()).isFalse();
        assertThat(config("-onlynet=onion", "-onlynet=ipv4", "-onion=127.0.0.1:9050").dnsSeed()).isTrue();
    }

    @Test
    void badPortsAreCoresError() {
        assertThatThrownBy(() -> config("-port=0")).hasMessage("Invalid port specified in -port: '0'");
        assertThatThrownBy(() -> config("-port=65536")).hasMessage("Invalid port specified in -port: '65536'");
        assertThatThrownBy(() -> config("-rpcport=12a")).hasMessage("Invalid port specified in -rpcport: '12a'");
    }

    @Test
    void peersMayBeHostNamesButNotGarbageNorNamesBehindAProxy() throws Exception {
        NodeConfig c = config("-addnode=node.example.com", "-connect=bitcoind:18444", "-seednode=seed.example",
                "-externalip=me.example.org");
        assertThat(c.addNode()).containsExactly("node.example.com");
        assertThat(c.dns()).isTrue();
        assertThat(config("-dns=0").dns()).isFalse();
        assertThatThrownBy(() -> config("-addnode=bad_name!"))
                .isInstanceOf(ConfigException.class).hasMessage("Invalid -addnode address or hostname: 'bad_name!'");
        assertThatThrownBy(() -> config("-connect=node.example.com:0"))
                .hasMessage("Invalid -connect address or hostname: 'node.example.com:0'");
        assertThatThrownBy(() -> config("-externalip=not a host"))
                .hasMessage("Cannot resolve -externalip address: 'not a host'");
        assertThatThrownBy(() -> config("-proxy=127.0.0.1:9050", "-seednode=seed.example"))
                .hasMessageContaining("-seednode=seed.example: host names through -proxy are not supported yet");
        // Numeric peers behind a proxy stay fine.
        assertThat(config("-proxy=127.0.0.1:9050", "-addnode=1.2.3.4").addNode()).containsExactly("1.2.3.4");
    }

    @Test
    void badWhitelistAndWhitebindValuesStopStartupWithCoresMessages() throws Exception {
        // feature_/p2p_permissions.py's start-up errors.
        assertThatThrownBy(() -> config("-whitelist=in,out@127.0.0.1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Only direction was set, no permissions: 'in,out@127.0.0.1'");
        assertThatThrownBy(() -> config("-whitelist=oopsie@127.0.0.1"))
                .hasMessage("Invalid P2P permission: 'oopsie'");
        assertThatThrownBy(() -> config("-whitelist=noban@127.0.0.1:230"))
                .hasMessage("Invalid netmask specified in -whitelist: '127.0.0.1:230'");
        assertThatThrownBy(() -> config("-whitebind=noban@127.0.0.1/10"))
                .hasMessage("Cannot resolve -whitebind address: '127.0.0.1/10'");
        assertThatThrownBy(() -> config("-whitebind=noban@127.0.0.1:8333", "-bind=127.0.0.1", "-listen=0"))
                .hasMessage("Cannot set -bind or -whitebind together with -listen=0");
        // The first bad value is the one named.
        assertThatThrownBy(() -> config("-whitelist=noban@1.2.3.4", "-whitelist=first@1.2.3.4",
                "-whitelist=second@1.2.3.4")).hasMessage("Invalid P2P permission: 'first'");
        NodeConfig ok = config("-whitelist=noban,out@127.0.0.1", "-whitebind=127.0.0.1:18999");
        assertThat(ok.whitelist()).containsExactly("noban,out@127.0.0.1");
        assertThat(ok.whitebind()).containsExactly("127.0.0.1:18999");
        // -whitebind alone listens only where it says (Core's bind_on_any is false).
        assertThat(MooringNode.shellOptions(ok).binds()).containsExactly(
                new java.net.InetSocketAddress("127.0.0.1", 18999));
    }

    @Test
    void operatorErrorsCarryCoresMessages() {
        assertThatThrownBy(() -> config("-peertimeout=0")).hasMessage("peertimeout must be a positive integer.");
        assertThatThrownBy(() -> config("-onlynet=carrierpigeon"))
                .hasMessage("Unknown network specified in -onlynet: 'carrierpigeon'");
        assertThatThrownBy(() -> config("-uacomment=bad<chars>"))
                .hasMessage("User Agent comment (bad<chars>) contains unsafe characters.");
        assertThatThrownBy(() -> config("-uacomment=" + "x".repeat(300)))
                .hasMessageStartingWith("Total length of network version string (");
        assertThatThrownBy(() -> config("-proxy=host:notaport"))
                .hasMessage("Invalid -proxy address or hostname: 'host:notaport'");
        assertThatThrownBy(() -> config("-bind=1.2.3.4:0")).hasMessage("Cannot resolve -bind address: '1.2.3.4:0'");
        assertThatThrownBy(() -> config("-mocktime=-1")).hasMessage("Mocktime cannot be negative: -1.");
        assertThatThrownBy(() -> config("-asmap")).hasMessage("Embedded asmap data not available");
        assertThatThrownBy(() -> config("-daemon")).hasMessageStartingWith("-daemon is not supported by Mooring");
    }

    @Test
    void uacommentsAppearInTheUserAgent() throws Exception {
        assertThat(config("-uacomment=a b", "-uacomment=c").userAgent()).isEqualTo("/Mooring:0.1.0(a b; c)/");
    }

    @Test
    void timeoutBelowOneFallsBackToDefault() throws Exception {
        assertThat(config("-timeout=0").connectTimeout().toMillis()).isEqualTo(5000);
    }

    @Test
    void logPrefixFollowsCoresGetLogPrefix() {
        Optional<LogCategory> net = Optional.of(LogCategory.NET);
        assertThat(CoreLogAppender.prefix(Optional.empty(), Level.INFO, false)).isEmpty();
        assertThat(CoreLogAppender.prefix(Optional.empty(), Level.WARN, false)).isEqualTo("[warning] ");
        assertThat(CoreLogAppender.prefix(Optional.empty(), Level.ERROR, false)).isEqualTo("[error] ");
        assertThat(CoreLogAppender.prefix(net, Level.DEBUG, false)).isEqualTo("[net] ");
        assertThat(CoreLogAppender.prefix(net, Level.TRACE, false)).isEqualTo("[net:trace] ");
        assertThat(CoreLogAppender.prefix(net, Level.INFO, false)).isEqualTo("[net:info] ");
        assertThat(CoreLogAppender.prefix(net, Level.DEBUG, true)).isEqualTo("[net:debug] ");
        assertThat(CoreLogAppender.prefix(Optional.empty(), Level.INFO, true)).isEqualTo("[all:info] ");
    }

    @Test
    void timestampsAreIso8601UtcWithOptionalMicros() {
        var t = java.time.Instant.parse("2026-11-23T18:47:21.123456789Z");
        assertThat(CoreLogAppender.timestamp(t, false)).isEqualTo("2026-11-23T18:47:21Z");
        assertThat(CoreLogAppender.timestamp(t, true)).isEqualTo("2026-11-23T18:47:21.123456Z");
    }

    @Test
    void logCategoriesMatchCoreNamesAndLoggerNames() {
        assertThat(LogCategory.fromCoreName("net")).contains(LogCategory.NET);
        assertThat(LogCategory.fromLoggerName("mooring.net")).contains(LogCategory.NET);
        assertThat(LogCategory.fromLoggerName("mooring.net.peer")).contains(LogCategory.NET);
        assertThat(LogCategory.fromLoggerName("io.mooring.net.Peer")).isEmpty();
        assertThat(LogCategory.listString()).startsWith("addrman, bench, blockstorage, cmpctblock, coindb");
    }

    @Test
    void clientVersionNumberIsCoresClientVersionEncoding() throws Exception {
        assertThat(config().clientVersionNumber()).isEqualTo(100); // 0.1.0
        assertThat(NodeConfig.clientVersionNumber("31.0.0")).isEqualTo(310000);
        assertThat(NodeConfig.clientVersionNumber("1.2.3-SNAPSHOT")).isEqualTo(10203);
        assertThat(NodeConfig.clientVersionNumber("v0.14.99")).isEqualTo(1499);
    }

    @Test
    void theBuildVersionIsTheProjectVersionOfThePom() throws Exception {
        String pom = java.nio.file.Files.readString(Path.of(System.getProperty("mooring.root"), "pom.xml"));
        var m = java.util.regex.Pattern.compile("<artifactId>mooring-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).isTrue();
        assertThat(NodeStartup.BUILD_VERSION).isEqualTo(m.group(1));
        assertThat(NodeStartup.Environment.system().version()).isEqualTo(m.group(1));
    }
}
