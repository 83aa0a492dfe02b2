package io.mooring.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeArgsTest {
    private static NodeArgs parse(String... argv) throws ConfigException {
        NodeArgs a = NodeOptions.create();
        a.parseCommandLine(argv);
        return a;
    }

    private static NodeArgs withConfig(String conf, String... argv) throws ConfigException {
        NodeArgs a = parse(argv);
        a.readConfigText(conf, "mooring.conf");
        a.selectConfigNetwork(a.chainTypeString());
        return a;
    }

    @Test
    void singleAndDoubleDashFormsAreTheSame() throws Exception {
        NodeArgs a = parse("-port=1234", "--rpcport=5678");
        assertThat(a.getString("port")).contains("1234");
        assertThat(a.getInt("rpcport", 0)).isEqualTo(5678);
    }

    @Test
    void bareOptionMeansEmptyStringWhichIsTrue() throws Exception {
        NodeArgs a = parse("-listen");
        assertThat(a.getString("listen")).contains("");
        assertThat(a.getBool("listen", false)).isTrue();
    }

    @Test
    void negationMeansZeroAndDoubleNegationMeansOne() throws Exception {
        assertThat(parse("-nolisten").getBool("listen", true)).isFalse();
        assertThat(parse("-nolisten").getString("listen")).contains("0");
        assertThat(parse("-nolisten").isNegated("listen")).isTrue();
        assertThat(parse("-nolisten=0").getBool("listen", false)).isTrue();
        assertThat(parse("-nolisten=0").getString("listen")).contains("1");
        assertThat(parse("-nolisten=1").getBool("listen", true)).isFalse();
    }

    @Test
    void doubleNegationLeavesCoresWarningForDebugLog() throws Exception {
        NodeArgs a = parse("-nolisten=0");
        assertThat(a.drainDeferred()).containsExactly(
                new NodeArgs.Deferred(true, "Parsed potentially confusing double-negative -listen=0"));
    }

    @Test
    void boolParsingFollowsCoreAtoi() throws Exception {
        assertThat(parse("-listen=1").getBool("listen", false)).isTrue();
        assertThat(parse("-listen=0").getBool("listen", true)).isFalse();
        assertThat(parse("-listen=true").getBool("listen", true)).isFalse(); // Core: atoi("true") == 0
        assertThat(parse("-listen=2").getBool("listen", false)).isTrue();
        assertThat(parse("-listen= 7x").getBool("listen", false)).isTrue();
        assertThat(parse("-listen=+-1").getBool("listen", true)).isFalse();
        assertThat(parse("-listen=99999999999").getBool("listen", false)).isTrue();
    }

    @Test
    void intParsingTakesLeadingDigitsAndSaturates() throws Exception {
        assertThat(parse("-maxconnections=12abc").getInt("maxconnections", 0)).isEqualTo(12);
        assertThat(parse("-maxconnections=abc").getInt("maxconnections", 5)).isEqualTo(0);
        assertThat(parse("-maxconnections=-3").getInt("maxconnections", 5)).isEqualTo(-3);
        assertThat(parse("-maxconnections=99999999999999999999").getInt("maxconnections", 0))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(parse().getInt("maxconnections", 125)).isEqualTo(125);
    }

    @Test
    void repeatedOptionsKeepOrderAndSingleValueIsTheLast() throws Exception {
        NodeArgs a = parse("-addnode=a:1", "-addnode=b:2", "-connect=c", "-addnode=d", "-port=1", "-port=2");
        assertThat(a.getAll("addnode")).containsExactly("a:1", "b:2", "d");
        assertThat(a.getAll("connect")).containsExactly("c");
        assertThat(a.getString("port")).contains("2");
    }

    @Test
    void negationClearsEarlierRepeatedValues() throws Exception {
        assertThat(parse("-addnode=a", "-noaddnode", "-addnode=b").getAll("addnode")).containsExactly("b");
        assertThat(parse("-addnode=a", "-noaddnode").getAll("addnode")).isEmpty();
        assertThat(parse("-noconnect").isNegated("connect")).isTrue();
    }

    @Test
    void unknownOptionIsCoresInvalidParameterError() {
        assertThatThrownBy(() -> parse("-foo")).isInstanceOf(ConfigException.class)
                .hasMessage("Error parsing command line arguments: Invalid parameter -foo");
        assertThatThrownBy(() -> parse("--foo=3"))
                .hasMessage("Error parsing command line arguments: Invalid parameter --foo=3");
        assertThatThrownBy(() -> parse("-regtest.port=1"))
                .hasMessage("Error parsing command line arguments: Invalid parameter -regtest.port=1");
    }

    @Test
    void looseTokenIsAnError() {
        assertThatThrownBy(() -> parse("-regtest", "stop"))
                .hasMessage("Command line contains unexpected token 'stop', see mooring node -h for a list of options.");
    }

    @Test
    void negationAndElisionRulesFollowFlags() {
        assertThatThrownBy(() -> parse("-nodatadir"))
                .hasMessage("Error parsing command line arguments: Negating of -datadir is meaningless and therefore forbidden");
        assertThatThrownBy(() -> parse("-proxy")).hasMessage("Error parsing command line arguments: "
                + "Can not set -proxy with no value. Please specify value with -proxy=value.");
    }

    @Test
    void includeconfIsRejectedOnTheCommandLineButNoincludeconfIsAllowed() throws Exception {
        assertThatThrownBy(() -> parse("-includeconf=x.conf")).hasMessage("Error parsing command line arguments: "
                + "-includeconf cannot be used from commandline; -includeconf=\"x.conf\"");
        parse("-noincludeconf");
    }

    @Test
    void helpFormsAreRecognised() throws Exception {
        assertThat(parse("-?").helpRequested()).isTrue();
        assertThat(parse("-h").helpRequested()).isTrue();
        assertThat(parse("--help").helpRequested()).isTrue();
        assertThat(parse("-port=1").helpRequested()).isFalse();
        String help = parse("-help").helpMessage();
        assertThat(help).contains("Connection options:", "  -addnode=<ip>\n       Add a node to connect to")
                .doesNotContain("-peertimeout"); // DEBUG_ONLY
        assertThat(parse("-help-debug").helpMessage()).contains("-peertimeout=<n>");
    }

    @Test
    void commandLineWinsOverConfigFile() throws Exception {
        NodeArgs a = withConfig("port=1111\nmaxconnections=5\n", "-port=2222");
        assertThat(a.getString("port")).contains("2222");
        assertThat(a.getInt("maxconnections", 0)).isEqualTo(5);
    }

    @Test
    void firstConfigValueWinsForSingleValues() throws Exception {
        NodeArgs a = withConfig("maxconnections=5\nmaxconnections=6\n");
        assertThat(a.getInt("maxconnections", 0)).isEqualTo(5);
        assertThat(withConfig("addnode=a\naddnode=b\n").getAll("addnode")).containsExactly("a", "b");
    }

    @Test
    void configCommentsWhitespaceAndNegation() throws Exception {
        NodeArgs a = withConfig("# a comment\n  maxconnections = 7  # trailing\n\nnolisten=1\n");
        assertThat(a.getInt("maxconnections", 0)).isEqualTo(7);
        assertThat(a.getBool("listen", true)).isFalse();
    }

    @Test
    void sectionValuesApplyOnlyToTheirChainAndWinOverDefaultSection() throws Exception {
        String conf = "maxconnections=10\n[regtest]\nmaxconnections=20\n[test]\nmaxconnections=30\n";
        assertThat(withConfig(conf).getInt("maxconnections", 0)).isEqualTo(10);
        assertThat(withConfig(conf, "-regtest").getInt("maxconnections", 0)).isEqualTo(20);
        assertThat(withConfig(conf, "-testnet").getInt("maxconnections", 0)).isEqualTo(30);
        assertThat(withConfig(conf, "-testnet4").getInt("maxconnections", 0)).isEqualTo(10);
    }

    @Test
    void dottedPrefixesAreSections() throws Exception {
        String conf = "regtest.maxconnections=3\nmain.maxconnections=4\n";
        assertThat(withConfig(conf, "-regtest").getInt("maxconnections", 0)).isEqualTo(3);
        assertThat(withConfig(conf).getInt("maxconnections", 0)).isEqualTo(4);
    }

    @Test
    void repeatedValuesCombineCommandLineThenSectionThenDefault() throws Exception {
        NodeArgs a = withConfig("addnode=d\n[regtest]\naddnode=s\n", "-regtest", "-addnode=c");
        assertThat(a.getAll("addnode")).containsExactly("c", "s");
        // addnode is network-only, so the default section is ignored on regtest; seednode is not.
        NodeArgs b = withConfig("seednode=d\n[regtest]\nseednode=s\n", "-regtest", "-seednode=c");
        assertThat(b.getAll("seednode")).containsExactly("c", "s", "d");
    }

    @Test
    void networkOnlyOptionsInDefaultSectionAreIgnoredOffMainAndReported() throws Exception {
        NodeArgs a = withConfig("port=1111\nrpcport=2222\nmaxconnections=9\n", "-regtest");
        assertThat(a.getString("port")).isEmpty();
        assertThat(a.getInt("maxconnections", 0)).isEqualTo(9);
        assertThat(a.unsuitableSectionOnlyArgs()).containsExactly("-port", "-rpcport");
        NodeArgs main = withConfig("port=1111\n");
        assertThat(main.getString("port")).contains("1111");
        assertThat(main.unsuitableSectionOnlyArgs()).isEmpty();
        NodeArgs overridden = withConfig("port=1111\n[regtest]\nport=2\n", "-regtest");
        assertThat(overridden.getString("port")).contains("2");
        assertThat(overridden.unsuitableSectionOnlyArgs()).isEmpty();
    }

    @Test
    void unknownConfigNamesAreIgnoredWithCoresWarning() throws Exception {
        NodeArgs a = withConfig("dbcache=300\nregtest.frobnicate=1\n");
        assertThat(a.drainDeferred()).extracting(NodeArgs.Deferred::message).containsExactly(
                "Ignoring unknown configuration value dbcache",
                "Ignoring unknown configuration value regtest.frobnicate");
    }

    @Test
    void configSyntaxErrorsCarryCoresText() {
        assertThatThrownBy(() -> withConfig("listen=1\n-port=3\n")).hasMessage(
                "parse error on line 2: -port=3, options in configuration file must be specified without leading -");
        assertThatThrownBy(() -> withConfig("nolisten\n")).hasMessage(
                "parse error on line 1: nolisten, if you intended to specify a negated option, use nolisten=1 instead");
        assertThatThrownBy(() -> withConfig("rpcpassword=ab#cd\n")).hasMessage(
                "parse error on line 1, using # in rpcpassword can be ambiguous and should be avoided");
        assertThatThrownBy(() -> withConfig("conf=other.conf\n")).hasMessage("conf cannot be set in the "
                + "configuration file; use includeconf= if you want to include additional config files");
    }

    @Test
    void unrecognisedSectionsAreListedWithFileAndLine() throws Exception {
        NodeArgs a = withConfig("[regtest]\nport=1\n[bogus]\nx.port=2\n");
        assertThat(a.unrecognizedSections()).containsExactly(
                new NodeArgs.Section("bogus", "mooring.conf", 3), new NodeArgs.Section("bogus.x", "mooring.conf", 4));
    }

    @Test
    void chainSelection() throws Exception {
        assertThat(parse().chainTypeString()).isEqualTo("main");
        assertThat(parse("-regtest").chainTypeString()).isEqualTo("regtest");
        assertThat(parse("-testnet").chainTypeString()).isEqualTo("test");
        assertThat(parse("-testnet4").chainTypeString()).isEqualTo("testnet4");
        assertThat(parse("-signet").chainTypeString()).isEqualTo("signet");
        assertThat(parse("-chain=signet").chainTypeString()).isEqualTo("signet");
        assertThat(parse("-regtest=0").chainTypeString()).isEqualTo("main");
        assertThat(withConfig("regtest=1\n").chainTypeString()).isEqualTo("regtest");
        assertThat(withConfig("chain=testnet4\n").chainTypeString()).isEqualTo("testnet4");
    }

    @Test
    void moreThanOneChainIsCoresError() {
        String msg = "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.";
        assertThatThrownBy(() -> parse("-regtest", "-testnet").chainTypeString()).hasMessage(msg);
        assertThatThrownBy(() -> parse("-chain=main", "-signet").chainTypeString()).hasMessage(msg);
        assertThatThrownBy(() -> withConfig("testnet4=1\n", "-regtest").chainTypeString()).hasMessage(msg);
    }

    @Test
    void softSetDoesNotOverrideAndForcedWins() throws Exception {
        NodeArgs a = parse("-listen=1");
        assertThat(a.softSetBool("listen", false)).isFalse();
        assertThat(a.getBool("listen", false)).isTrue();
        assertThat(a.softSetBool("dnsseed", false)).isTrue();
        assertThat(a.getBool("dnsseed", true)).isFalse();
    }

    @Test
    void logArgsLinesUseJsonValuesAndHideSecrets() throws Exception {
        NodeArgs a = withConfig("rpcpassword=secret\n[regtest]\nport=5\n", "-regtest", "-nolisten", "-datadir=/x y",
                "-rpcuser=alice");
        assertThat(a.logArgsLines()).containsExactly(
                "Config file arg: rpcpassword=****",
                "Config file arg: [regtest] port=\"5\"",
                "Command-line arg: datadir=\"/x y\"",
                "Command-line arg: listen=false",
                "Command-line arg: regtest=\"\"",
                "Command-line arg: rpcuser=****");
    }

    @Test
    void includeconfReadsFilesRelativeToDatadirAndWarnsOnRecursion(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mooring.conf"), "includeconf=extra.conf\n[regtest]\nincludeconf=rt.conf\n");
        Files.writeString(dir.resolve("extra.conf"), "maxconnections=42\nincludeconf=deeper.conf\n");
        Files.writeString(dir.resolve("rt.conf"), "seednode=rt\n");
        NodeArgs a = parse("-regtest");
        List<String> warnings = new ArrayList<>();
        a.readConfigFiles(dir, "mooring.conf", warnings);
        a.selectConfigNetwork("regtest");
        assertThat(a.getInt("maxconnections", 0)).isEqualTo(42);
        assertThat(a.getAll("seednode")).containsExactly("rt");
        assertThat(warnings).containsExactly(
                "warning: -includeconf cannot be used from included files; ignoring -includeconf=deeper.conf");
        assertThat(a.drainDeferred()).extracting(NodeArgs.Deferred::message)
                .contains("Included configuration file rt.conf", "Included configuration file extra.conf");
    }

    @Test
    void missingIncludeIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mooring.conf"), "includeconf=nope.conf\n");
        assertThatThrownBy(() -> parse().readConfigFiles(dir, "mooring.conf", new ArrayList<>()))
                .hasMessage("Failed to include configuration file nope.conf");
    }

    @Test
    void noincludeconfSkipsIncludes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mooring.conf"), "includeconf=nope.conf\n");
        NodeArgs a = parse("-noincludeconf");
        a.readConfigFiles(dir, "mooring.conf", new ArrayList<>());
    }

    @Test
    void explicitConfMustExistButDefaultMayNot(@TempDir Path dir) throws Exception {
        parse().readConfigFiles(dir, "mooring.conf", new ArrayList<>());
        assertThatThrownBy(() -> parse("-conf=missing.conf").readConfigFiles(dir, "mooring.conf", new ArrayList<>()))
                .hasMessage("specified config file \"" + dir.resolve("missing.conf") + "\" could not be opened.");
        NodeArgs none = parse("-noconf");
        none.readConfigFiles(dir, "mooring.conf", new ArrayList<>());
        assertThat(none.configPath()).isEmpty();
    }
}
