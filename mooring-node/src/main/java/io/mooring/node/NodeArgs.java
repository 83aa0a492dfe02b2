package io.mooring.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Core's {@code ArgsManager}: a registry of known options and the settings read from the command line and the
 * config file, merged with Core's precedence rules (forced &gt; command line &gt; config file chain section &gt;
 * config file default section; for single values the last command-line value wins but the <em>first</em> config-file
 * value wins; negation clears what came before).
 *
 * <p>Not thread-safe: it is filled during startup and read afterwards.
 */
public final class NodeArgs {
    /** Core's chain names that are recognised as config-file sections. */
    static final Set<String> BUILT_IN_SECTIONS = Set.of("main", "test", "testnet4", "signet", "regtest");

    /** A message that must go to debug.log once logging runs (Core's logger buffers them). */
    public record Deferred(boolean warning, String message) {
    }

    /** A section seen in a config file, for the "Section [x] is not recognized." warning. */
    public record Section(String name, String file, int line) {
    }

    private record KeyInfo(String section, String name, boolean negated) {
    }

    private final Map<String, OptionSpec> options = new LinkedHashMap<>();
    private final Map<String, SettingValue> forced = new HashMap<>();
    private final Map<String, List<SettingValue>> commandLine = new TreeMap<>();
    private final Map<String, Map<String, List<SettingValue>>> roConfig = new TreeMap<>();
    private final List<Section> configSections = new ArrayList<>();
    private final List<Deferred> deferred = new ArrayList<>();
    private final Set<String> extraSections = new TreeSet<>();
    private String network = "";
    private Path configPath;

    // ------------------------------------------------------------------ registry

    /** Registers an option; each name once. */
    public NodeArgs add(OptionSpec spec) {
        if (options.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalArgumentException("option -" + spec.name() + " registered twice");
        }
        return this;
    }

    public Optional<OptionSpec> spec(String name) {
        return Optional.ofNullable(options.get(strip(name)));
    }

    public Collection<OptionSpec> options() {
        return List.copyOf(options.values());
    }

    private static String strip(String name) {
        return name.startsWith("-") ? name.substring(1) : name;
    }

    // ------------------------------------------------------------------ parsing

    private static KeyInfo interpretKey(String key) {
        String section = "";
        int dot = key.indexOf('.');
        if (dot >= 0) {
            section = key.substring(0, dot);
            key = key.substring(dot + 1);
        }
        boolean negated = false;
        if (key.startsWith("no")) {
            key = key.substring(2);
            negated = true;
        }
        return new KeyInfo(section, key, negated);
    }

    /** Core's {@code InterpretValue}: negation and elision rules. */
    private SettingValue interpretValue(KeyInfo key, String value, OptionSpec spec) throws ConfigException {
        if (key.negated()) {
            if (spec.has(OptionFlag.DISALLOW_NEGATION)) {
                throw new ConfigException("Negating of -" + key.name() + " is meaningless and therefore forbidden");
            }
            if (value != null && !CoreParse.interpretBool(value)) {
                deferred.add(new Deferred(true,
                        "Parsed potentially confusing double-negative -" + key.name() + "=" + value));
                return SettingValue.TRUE;
            }
            return SettingValue.FALSE;
        }
        if (value == null && spec.has(OptionFlag.DISALLOW_ELISION)) {
            throw new ConfigException("Can not set -" + key.name() + " with no value. Please specify value with -"
                    + key.name() + "=value.");
        }
        return new SettingValue.Text(value == null ? "" : value);
    }

    /**
     * Core's {@code ParseParameters} plus bitcoind's check for loose tokens. Messages are the ones bitcoind prints
     * ("Error parsing command line arguments: Invalid parameter -foo").
     */
    public void parseCommandLine(String... argv) throws ConfigException {
        commandLine.clear();
        for (String arg : argv) {
            if (arg.isEmpty() || arg.charAt(0) != '-') {
                throw new ConfigException("Command line contains unexpected token '" + arg
                        + "', see mooring node -h for a list of options.");
            }
        }
        for (String arg : argv) {
            String key = arg;
            if (key.equals("-")) break;
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (key.length() > 1 && key.charAt(1) == '-') key = key.substring(1);
            key = key.substring(1);
            KeyInfo info = interpretKey(key);
            OptionSpec spec = options.get(info.name());
            if (spec == null || !info.section().isEmpty()) {
                throw new ConfigException("Error parsing command line arguments: Invalid parameter " + arg);
            }
            SettingValue v;
            try {
                v = interpretValue(info, value, spec);
            } catch (ConfigException e) {
                throw new ConfigException("Error parsing command line arguments: " + e.getMessage());
            }
            commandLine.computeIfAbsent(info.name(), k -> new ArrayList<>()).add(v);
        }
        List<SettingValue> includes = commandLine.get("includeconf");
        if (includes != null) {
            List<SettingValue> span = span(includes);
            if (!span.isEmpty()) {
                throw new ConfigException("Error parsing command line arguments: "
                        + "-includeconf cannot be used from commandline; -includeconf=" + span.get(0).write());
            }
        }
    }

    /** Core's config-file syntax; returns (name, value) pairs with section prefixes applied. */
    private List<String[]> configOptions(List<String> lines, String file) throws ConfigException {
        List<String[]> out = new ArrayList<>();
        String prefix = "";
        int lineNr = 1;
        for (String raw : lines) {
            String str = raw;
            boolean usedHash = false;
            int hash = str.indexOf('#');
            if (hash >= 0) {
                str = str.substring(0, hash);
                usedHash = true;
            }
            str = trimConf(str);
            if (!str.isEmpty()) {
                if (str.startsWith("[") && str.endsWith("]")) {
                    String section = str.substring(1, str.length() - 1);
                    configSections.add(new Section(section, file, lineNr));
                    prefix = section + ".";
                } else if (str.startsWith("-")) {
                    throw new ConfigException("parse error on line " + lineNr + ": " + str
                            + ", options in configuration file must be specified without leading -");
                } else if (str.indexOf('=') >= 0) {
                    int pos = str.indexOf('=');
                    String name = prefix + trimConf(str.substring(0, pos));
                    String value = trimConf(str.substring(pos + 1));
                    if (usedHash && name.contains("rpcpassword")) {
                        throw new ConfigException("parse error on line " + lineNr
                                + ", using # in rpcpassword can be ambiguous and should be avoided");
                    }
                    out.add(new String[] {name, value});
                    int dot = name.lastIndexOf('.');
                    if (dot >= 0 && prefix.length() <= dot) {
                        configSections.add(new Section(name.substring(0, dot), file, lineNr));
                    }
                } else {
                    String error = "parse error on line " + lineNr + ": " + str;
                    if (str.length() >= 2 && str.startsWith("no")) {
                        error += ", if you intended to specify a negated option, use " + str + "=1 instead";
                    }
                    throw new ConfigException(error);
                }
            }
            lineNr++;
        }
        return out;
    }

    private static String trimConf(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && " \t\r\n".indexOf(s.charAt(b)) >= 0) b++;
        while (e > b && " \t\r\n".indexOf(s.charAt(e - 1)) >= 0) e--;
        return s.substring(b, e);
    }

    /** Core's {@code ReadConfigStream} with {@code ignore_invalid_keys} (as bitcoind): unknown names warn. */
    public void readConfigText(String text, String file) throws ConfigException {
        for (String[] option : configOptions(text.lines().toList(), file)) {
            KeyInfo key = interpretKey(option[0]);
            if (key.name().equals("conf")) {
                throw new ConfigException("conf cannot be set in the configuration file; use includeconf= if you "
                        + "want to include additional config files");
            }
            OptionSpec spec = options.get(key.name());
            if (spec != null) {
                SettingValue v = interpretValue(key, option[1], spec);
                roConfig.computeIfAbsent(key.section(), k -> new TreeMap<>())
                        .computeIfAbsent(key.name(), k -> new ArrayList<>()).add(v);
            } else {
                deferred.add(new Deferred(true, "Ignoring unknown configuration value " + option[0]));
            }
        }
    }

    /**
     * Core's {@code ReadConfigFiles}: reads {@code -conf} (default {@code mooring.conf}, relative to the datadir),
     * then the {@code includeconf=} files named in its chain section and default section. Errors carry Core's text
     * without the "Error reading configuration file: " prefix, which {@link NodeStartup} adds.
     *
     * @param dataDirBase the base datadir, for relative paths
     * @param warnings    receives Core's stderr warnings (recursive includeconf)
     */
    public void readConfigFiles(Path dataDirBase, String defaultConfName, List<String> warnings)
            throws ConfigException {
        roConfig.clear();
        configSections.clear();
        Optional<Path> conf = getPathArg("conf", Path.of(defaultConfName));
        configPath = conf.map(p -> p.isAbsolute() ? p : dataDirBase.resolve(p)).orElse(null);
        if (configPath == null) return; // -noconf
        if (Files.isDirectory(configPath)) {
            throw new ConfigException("Config file \"" + configPath + "\" is a directory.");
        }
        String text;
        try {
            text = Files.readString(configPath, StandardCharsets.UTF_8);
        } catch (IOException e) {
            if (isSet("conf")) {
                throw new ConfigException("specified config file \"" + configPath + "\" could not be opened.");
            }
            return; // ok to not have a config file
        }
        readConfigText(text, configPath.toString());

        List<SettingValue> cliIncludes = commandLine.get("includeconf");
        if (cliIncludes != null) return; // -noincludeconf
        String chainId = chainTypeString();
        List<String> names = new ArrayList<>();
        int chainIncludes = addIncludes(chainId, 0, names);
        int defaultIncludes = addIncludes("", 0, names);
        for (String name : names) {
            Path p = Path.of(name);
            Path path = p.isAbsolute() ? p : dataDirBase.resolve(p);
            if (Files.isDirectory(path)) {
                throw new ConfigException("Included config file \"" + path + "\" is a directory.");
            }
            String included;
            try {
                included = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException("Failed to include configuration file " + name);
            }
            readConfigText(included, name);
            deferred.add(new Deferred(false, "Included configuration file " + name));
        }
        names.clear();
        addIncludes(chainId, chainIncludes, names);
        addIncludes("", defaultIncludes, names);
        String chainIdFinal = chainTypeString();
        if (!chainIdFinal.equals(chainId)) addIncludes(chainIdFinal, 0, names);
        for (String name : names) {
            warnings.add("warning: -includeconf cannot be used from included files; ignoring -includeconf=" + name);
        }
    }

    private int addIncludes(String section, int skip, List<String> out) {
        Map<String, List<SettingValue>> map = roConfig.get(section);
        if (map == null) return 0;
        List<SettingValue> values = map.get("includeconf");
        if (values == null) return 0;
        for (int i = Math.max(skip, negatedCount(values)); i < values.size(); i++) {
            out.add(values.get(i).asString());
        }
        return values.size();
    }

    /** The config file path in use; empty with {@code -noconf}. Valid after {@link #readConfigFiles}. */
    public Optional<Path> configPath() {
        return Optional.ofNullable(configPath);
    }

    // ------------------------------------------------------------------ chain selection

    /**
     * Core's {@code GetChainArg}: the chain named by {@code -chain}, {@code -regtest}, {@code -signet},
     * {@code -testnet} (Core's "test") or {@code -testnet4}; "main" when none. The flags are read from the command
     * line and the config file's default section, last value winning, and a negated command-line flag is ignored.
     */
    public String chainTypeString() throws ConfigException {
        boolean regtest = chainFlag("regtest");
        boolean signet = chainFlag("signet");
        boolean testnet = chainFlag("testnet");
        boolean testnet4 = chainFlag("testnet4");
        Optional<String> chain = getString("chain");
        int count = (chain.isPresent() ? 1 : 0) + (regtest ? 1 : 0) + (signet ? 1 : 0) + (testnet ? 1 : 0)
                + (testnet4 ? 1 : 0);
        if (count > 1) {
            throw new ConfigException(
                    "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.");
        }
        if (chain.isPresent()) return chain.get();
        if (regtest) return "regtest";
        if (signet) return "signet";
        if (testnet) return "test";
        if (testnet4) return "testnet4";
        return "main";
    }

    private boolean chainFlag(String name) {
        SettingValue v = getSetting("", name, false, true);
        return v != null && v.asBool();
    }

    /** Core's {@code SelectConfigNetwork}: the config-file section that applies from now on. */
    public void selectConfigNetwork(String network) {
        this.network = network;
    }

    /** Marks a custom chain's name as a recognised config-file section. */
    public void recogniseSection(String name) {
        extraSections.add(name);
    }

    public String network() {
        return network;
    }

    /** Core's {@code GetUnrecognizedSections}. */
    public List<Section> unrecognizedSections() {
        return configSections.stream()
                .filter(s -> !BUILT_IN_SECTIONS.contains(s.name()) && !extraSections.contains(s.name()))
                .toList();
    }

    /**
     * Core's {@code GetUnsuitableSectionOnlyArgs}: network-only options (with the dash) set only in the config
     * file's default section while a chain other than main is selected.
     */
    public Set<String> unsuitableSectionOnlyArgs() {
        Set<String> out = new TreeSet<>();
        if (network.isEmpty() || network.equals("main")) return out;
        for (OptionSpec spec : options.values()) {
            if (spec.has(OptionFlag.NETWORK_ONLY) && onlyHasDefaultSectionSetting(spec.name())) {
                out.add("-" + spec.name());
            }
        }
        return out;
    }

    private boolean onlyHasDefaultSectionSetting(String name) {
        boolean hasDefault = false;
        boolean hasOther = false;
        if (forced.containsKey(name)) hasOther = true;
        if (!span(commandLine.getOrDefault(name, List.of())).isEmpty()) hasOther = true;
        if (!span(sectionValues(network, name)).isEmpty()) hasOther = true;
        if (!span(sectionValues("", name)).isEmpty()) hasDefault = true;
        return hasDefault && !hasOther;
    }

    // ------------------------------------------------------------------ settings merge (Core's settings.cpp)

    private static int negatedCount(List<SettingValue> values) {
        for (int i = values.size(); i > 0; i--) {
            if (values.get(i - 1).isFalse()) return i;
        }
        return 0;
    }

    private static boolean lastNegated(List<SettingValue> values) {
        return !values.isEmpty() && values.get(values.size() - 1).isFalse();
    }

    /** The values after the last negation (Core's {@code SettingsSpan} begin..end); empty if the last is negated. */
    private static List<SettingValue> span(List<SettingValue> values) {
        if (lastNegated(values)) return List.of();
        return values.subList(negatedCount(values), values.size());
    }

    private List<SettingValue> sectionValues(String section, String name) {
        Map<String, List<SettingValue>> map = roConfig.get(section);
        if (map == null) return List.of();
        return map.getOrDefault(name, List.of());
    }

    private boolean useDefaultSection(String name) {
        OptionSpec spec = options.get(name);
        return network.equals("main") || spec == null || !spec.has(OptionFlag.NETWORK_ONLY);
    }

    private enum Source { FORCED, COMMAND_LINE, NETWORK_SECTION, DEFAULT_SECTION }

    private interface Merge {
        /** @return true when done */
        boolean accept(List<SettingValue> values, Source source);
    }

    private void merge(String section, String name, Merge fn) {
        SettingValue f = forced.get(name);
        if (f != null && fn.accept(List.of(f), Source.FORCED)) return;
        List<SettingValue> cl = commandLine.get(name);
        if (cl != null && fn.accept(cl, Source.COMMAND_LINE)) return;
        if (!section.isEmpty()) {
            Map<String, List<SettingValue>> map = roConfig.get(section);
            if (map != null && map.containsKey(name) && fn.accept(map.get(name), Source.NETWORK_SECTION)) return;
        }
        Map<String, List<SettingValue>> def = roConfig.get("");
        if (def != null && def.containsKey(name)) fn.accept(def.get(name), Source.DEFAULT_SECTION);
    }

    /** Core's {@code common::GetSetting}; null when unset. */
    private SettingValue getSetting(String section, String name, boolean ignoreDefaultSection, boolean chainType) {
        SettingValue[] result = {null};
        merge(section, name, (values, source) -> {
            boolean neverIgnoreNegated = lastNegated(values);
            boolean reverse = (source == Source.NETWORK_SECTION || source == Source.DEFAULT_SECTION) && !chainType;
            if (ignoreDefaultSection && source == Source.DEFAULT_SECTION && !neverIgnoreNegated) return false;
            if (chainType && lastNegated(values)) return false;
            List<SettingValue> s = span(values);
            if (!s.isEmpty()) {
                result[0] = reverse ? s.get(0) : s.get(s.size() - 1);
                return true;
            } else if (lastNegated(values)) {
                result[0] = SettingValue.FALSE;
                return true;
            }
            return false;
        });
        return result[0];
    }

    private SettingValue setting(String name) {
        name = strip(name);
        return getSetting(network, name, !useDefaultSection(name), false);
    }

    /** Core's {@code common::GetSettingsList}. */
    private List<SettingValue> settingsList(String name) {
        name = strip(name);
        boolean ignoreDefault = !useDefaultSection(name);
        List<SettingValue> result = new ArrayList<>();
        boolean[] done = {false};
        boolean[] prevNegatedEmpty = {false};
        merge(network, name, (values, source) -> {
            boolean configSource = source == Source.NETWORK_SECTION || source == Source.DEFAULT_SECTION;
            boolean zombies = configSource && !prevNegatedEmpty[0];
            if (ignoreDefault && source == Source.DEFAULT_SECTION) return false;
            if (!done[0] || zombies) result.addAll(span(values));
            done[0] |= negatedCount(values) > 0 || source == Source.FORCED;
            prevNegatedEmpty[0] |= lastNegated(values) && result.isEmpty();
            return false;
        });
        return result;
    }

    // ------------------------------------------------------------------ typed getters (Core's semantics)

    /** Whether the option has a value, negated or not ({@code IsArgSet}). */
    public boolean isSet(String name) {
        return setting(name) != null;
    }

    /** Whether the effective value is a negation ({@code -noname}; {@code IsArgNegated}). */
    public boolean isNegated(String name) {
        SettingValue v = setting(name);
        return v != null && v.isFalse();
    }

    /** {@code GetArg}: the effective value as text (negation is "0"). */
    public Optional<String> getString(String name) {
        return Optional.ofNullable(setting(name)).map(SettingValue::asString);
    }

    public String getString(String name, String defaultValue) {
        return getString(name).orElse(defaultValue);
    }

    /** The value, or the registered default. */
    public Optional<String> getOrDefault(String name) {
        Optional<String> v = getString(name);
        if (v.isPresent()) return v;
        OptionSpec spec = options.get(strip(name));
        return spec == null ? Optional.empty() : spec.defaultValue();
    }

    /** {@code GetIntArg}: Core's lenient atoi (leading digits, saturating, "abc" is 0). */
    public Optional<Long> getInt(String name) {
        return Optional.ofNullable(setting(name)).map(SettingValue::asLong);
    }

    public long getInt(String name, long defaultValue) {
        return getInt(name).orElse(defaultValue);
    }

    /** {@code GetBoolArg}: empty is true, negation false, otherwise atoi != 0 (so "true" is false, as Core). */
    public Optional<Boolean> getBool(String name) {
        return Optional.ofNullable(setting(name)).map(SettingValue::asBool);
    }

    public boolean getBool(String name, boolean defaultValue) {
        return getBool(name).orElse(defaultValue);
    }

    /** {@code GetArgs}: every value in order (command line, then chain section, then default section). */
    public List<String> getAll(String name) {
        return settingsList(name).stream().map(SettingValue::asString).toList();
    }

    /**
     * Core's {@code GetPathArg}: empty when negated; the default when unset or empty; otherwise the normalised
     * path without a trailing slash.
     */
    public Optional<Path> getPathArg(String name, Path defaultValue) {
        if (isNegated(name)) return Optional.empty();
        String s = getString(name, "");
        if (s.isEmpty()) return Optional.ofNullable(defaultValue);
        return Optional.of(Path.of(s).normalize());
    }

    // ------------------------------------------------------------------ parameter interaction

    /** Core's {@code SoftSetArg}: sets only when not already set. */
    public boolean softSet(String name, String value) {
        if (isSet(name)) return false;
        forceSet(name, value);
        return true;
    }

    public boolean softSetBool(String name, boolean value) {
        return softSet(name, value ? "1" : "0");
    }

    /** Core's {@code ForceSetArg}: overrides everything else. */
    public void forceSet(String name, String value) {
        forced.put(strip(name), new SettingValue.Text(value));
    }

    // ------------------------------------------------------------------ help and logging

    /** Whether {@code -?}, {@code -h}, {@code -help} or {@code -help-debug} was given ({@code HelpRequested}). */
    public boolean helpRequested() {
        return isSet("?") || isSet("h") || isSet("help") || isSet("help-debug");
    }

    /** Core's {@code GetHelpMessage}: groups in category order, options sorted by name, wrapped at 79 columns. */
    public String helpMessage() {
        boolean showDebug = getBool("help-debug", false);
        Map<OptionCategory, TreeMap<String, OptionSpec>> byCat = new EnumMap<>(OptionCategory.class);
        for (OptionSpec s : options.values()) {
            byCat.computeIfAbsent(s.category(), c -> new TreeMap<>()).put("-" + s.name(), s);
        }
        StringBuilder out = new StringBuilder();
        for (var e : byCat.entrySet()) {
            if (e.getKey() == OptionCategory.HIDDEN) break;
            out.append(e.getKey().heading()).append("\n\n");
            for (OptionSpec s : e.getValue().values()) {
                if (!showDebug && s.has(OptionFlag.DEBUG_ONLY)) continue;
                out.append("  -").append(s.name()).append(s.helpParam()).append('\n');
                out.append("       ").append(formatParagraph(s.help(), 79 - 7, 7)).append("\n\n");
            }
        }
        return out.toString();
    }

    /** Core's {@code FormatParagraph}: greedy wrap at {@code width}, continuation lines indented. */
    static String formatParagraph(String in, int width, int indent) {
        StringBuilder out = new StringBuilder();
        String pad = " ".repeat(indent);
        int col = 0;
        for (String word : in.split(" ")) {
            if (word.isEmpty()) continue;
            if (col > 0 && col + 1 + word.length() > width) {
                out.append('\n').append(pad);
                col = 0;
            } else if (col > 0) {
                out.append(' ');
                col++;
            }
            out.append(word);
            col += word.length();
        }
        return out.toString();
    }

    /**
     * Core's {@code LogArgs}: "Config file arg: [section] name=value" for every config value (sections in order,
     * the default section first), then "Command-line arg: name=value"; values in JSON form, sensitive ones as ****.
     */
    public List<String> logArgsLines() {
        List<String> lines = new ArrayList<>();
        for (var section : roConfig.entrySet()) {
            String prefix = section.getKey().isEmpty() ? "" : "[" + section.getKey() + "] ";
            addArgLines(lines, "Config file arg: " + prefix, section.getValue());
        }
        addArgLines(lines, "Command-line arg: ", commandLine);
        return lines;
    }

    private void addArgLines(List<String> lines, String prefix, Map<String, List<SettingValue>> args) {
        for (var arg : args.entrySet()) {
            OptionSpec spec = options.get(arg.getKey());
            if (spec == null) continue;
            for (SettingValue v : arg.getValue()) {
                lines.add(prefix + arg.getKey() + "=" + (spec.has(OptionFlag.SENSITIVE) ? "****" : v.write()));
            }
        }
    }

    /** Log lines produced while parsing (Core buffers them until debug.log opens); drained by the caller. */
    public List<Deferred> drainDeferred() {
        List<Deferred> out = List.copyOf(deferred);
        deferred.clear();
        return out;
    }
}
