package io.mooring.chain;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.mooring.wire.Bytes;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.Hash256;
import io.mooring.wire.Hashes;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.BlockHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reads and writes chain parameters in Mooring's chain-parameter schema (docs/chain-params.md), as JSON or TOML with
 * the same keys. Built-in networks are resources in that schema. Every problem in a file is reported as a
 * {@link ChainParamsException} naming the key.
 */
public final class ChainParamsLoader {
    /** The schema version this loader reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    /** Core's chain names and their aliases, mapped to the built-in resource names. */
    private static final Map<String, String> BUILT_IN = Map.of(
            "main", "main", "mainnet", "main",
            "test", "testnet3", "testnet", "testnet3", "testnet3", "testnet3",
            "testnet4", "testnet4",
            "signet", "signet",
            "regtest", "regtest");
    private static final Map<String, ChainParams> CACHE = new ConcurrentHashMap<>();

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final TomlMapper TOML = new TomlMapper();

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern DATA_DIR = Pattern.compile("|[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})");

    private ChainParamsLoader() {
    }

    /**
     * A built-in network by Core's name or an alias: main/mainnet, test/testnet/testnet3, testnet4, signet, regtest.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static ChainParams builtIn(String name) {
        String resource = BUILT_IN.get(name.trim().toLowerCase(Locale.ROOT));
        if (resource == null) {
            throw new IllegalArgumentException("unknown chain '" + name + "'; built in: " + builtInNames());
        }
        return CACHE.computeIfAbsent(resource, ChainParamsLoader::loadResource);
    }

    /** The canonical names of the built-in networks (Core's chain names). */
    public static List<String> builtInNames() {
        return List.of("main", "test", "testnet4", "signet", "regtest");
    }

    /** Loads a chain file: TOML when the name ends in {@code .toml}, JSON otherwise. */
    public static ChainParams load(Path file) throws IOException, ChainParamsException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".toml") ? fromToml(text) : fromJson(text);
    }

    public static ChainParams fromJson(String json) throws ChainParamsException {
        return fromTree(readTree(JSON, json, "JSON"));
    }

    public static ChainParams fromToml(String toml) throws ChainParamsException {
        return fromTree(readTree(TOML, toml, "TOML"));
    }

    /** Writes chain parameters in the schema, as JSON ({@link #fromJson} reads it back to an equal value). */
    public static String toJson(ChainParams p) {
        try {
            return JSON.writeValueAsString(toTree(p)) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Core's signet message start: the first four bytes of SHA256d(CompactSize(len) ‖ challenge), big-endian. */
    public static int signetMagic(Bytes challenge) {
        WireWriter w = new WireWriter(challenge.length() + 9);
        w.writeVarBytes(challenge);
        byte[] h = Hashes.sha256d(w.array(), 0, w.size()).toInternalBytes();
        return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    }

    // ---------------------------------------------------------------- reading

    private static ChainParams loadResource(String resource) {
        String path = resource + ".json";
        try (InputStream in = ChainParamsLoader.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing built-in chain resource " + path);
            return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ChainParamsException e) {
            throw new IllegalStateException("built-in chain resource " + path + " is invalid: " + e.getMessage(), e);
        }
    }

    private static JsonNode readTree(ObjectMapper mapper, String text, String format) throws ChainParamsException {
        try {
            JsonNode root = mapper.readTree(text);
            if (root == null || root.isMissingNode()) throw new ChainParamsException("", "the " + format + " document is empty");
            return root;
        } catch (JacksonException e) {
            throw new ChainParamsException("", "not valid " + format + ": " + e.getOriginalMessage(), e);
        }
    }

    private static ChainParams fromTree(JsonNode root) throws ChainParamsException {
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            // The records' own invariants; parse() checks them first with key paths, so this is a backstop.
            throw new ChainParamsException("", e.getMessage(), e);
        }
    }

    private static ChainParams parse(JsonNode root) throws ChainParamsException {
        Obj doc = Obj.root(root);
        Optional<Long> version = doc.optLong("schemaVersion", 1, Integer.MAX_VALUE);
        if (version.isPresent() && version.get() != SCHEMA_VERSION) {
            throw new ChainParamsException("schemaVersion", "this loader reads schema version " + SCHEMA_VERSION
                    + ", the file has " + version.get());
        }
        String id = doc.string("id");
        if (!ID.matcher(id).matches()) {
            throw new ChainParamsException("id", "must be 1-64 letters, digits, '.', '_' or '-', got '" + id + "'");
        }
        String dataDir = doc.optString("dataDirName").orElse(id);
        if (!DATA_DIR.matcher(dataDir).matches()) {
            throw new ChainParamsException("dataDirName", "must be a plain folder name (letters, digits, '.', '_', '-'), got '"
                    + dataDir + "'");
        }
        Optional<Bytes> challenge = doc.optBytes("signetChallenge");
        if (challenge.isPresent() && challenge.get().isEmpty()) {
            throw new ChainParamsException("signetChallenge", "must not be empty");
        }
        int magic = magic(doc, challenge);
        int port = (int) doc.longValue("defaultPort", 1, 65535);

        Obj consensusObj = doc.obj("consensus");
        Obj powObj = consensusObj.obj("pow");
        BigInteger powLimit = powObj.uint256("limit");
        if (powLimit.signum() == 0) throw new ChainParamsException(powObj.path("limit"), "must not be zero");
        long spacing = powObj.longValue("targetSpacing", 1, Integer.MAX_VALUE);
        long timespan = powObj.longValue("targetTimespan", 1, Integer.MAX_VALUE);
        if (timespan < spacing) {
            throw new ChainParamsException(powObj.path("targetTimespan"), "must be at least targetSpacing (" + spacing + ")");
        }
        ChainParams.PowRules pow = new ChainParams.PowRules(powLimit, spacing, timespan,
                powObj.bool("allowMinDifficultyBlocks"), powObj.bool("noRetargeting"), powObj.bool("enforceBip94"));
        powObj.finish();

        Obj depObj = consensusObj.obj("deployments");
        ChainParams.Deployments deployments = new ChainParams.Deployments(
                depObj.height("bip34Height"), depObj.optHash("bip34Hash").orElse(Hash256.ZERO),
                depObj.height("bip65Height"), depObj.height("bip66Height"),
                depObj.height("csvHeight"), depObj.height("segwitHeight"));
        depObj.finish();
        ChainParams.Consensus consensus = new ChainParams.Consensus(pow, deployments,
                (int) consensusObj.longValue("subsidyHalvingInterval", 1, Integer.MAX_VALUE),
                consensusObj.uint256("minimumChainWork"),
                consensusObj.optHash("assumeValid").orElse(Hash256.ZERO));
        consensusObj.finish();

        ChainParams.Genesis genesis = genesis(doc.obj("genesis"), pow);

        Obj presyncObj = doc.obj("headersPresync");
        ChainParams.HeadersPresync presync = new ChainParams.HeadersPresync(
                (int) presyncObj.longValue("commitmentPeriod", 1, Integer.MAX_VALUE),
                (int) presyncObj.longValue("redownloadBufferSize", 0, Integer.MAX_VALUE));
        presyncObj.finish();

        ChainParams.AddressEncoding addresses = addressEncoding(doc.obj("addressEncoding"));

        List<String> dnsSeeds = doc.stringList("dnsSeeds");
        for (int i = 0; i < dnsSeeds.size(); i++) {
            if (!HOST_NAME.matcher(dnsSeeds.get(i)).matches()) {
                throw new ChainParamsException(doc.path("dnsSeeds") + "[" + i + "]", "not a host name: '" + dnsSeeds.get(i) + "'");
            }
        }
        List<String> seedTexts = doc.stringList("fixedSeeds");
        List<NetEndpoint> fixedSeeds = new ArrayList<>(seedTexts.size());
        for (int i = 0; i < seedTexts.size(); i++) {
            try {
                // Numeric addresses only (IPv4, [IPv6], TorV3 .onion, .b32.i2p, CJDNS): a fixed seed never needs DNS.
                fixedSeeds.add(NetEndpoint.parse(seedTexts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new ChainParamsException(doc.path("fixedSeeds") + "[" + i + "]",
                        "not an address with a port (" + e.getMessage() + "): '" + seedTexts.get(i) + "'");
            }
        }
        doc.finish();
        return new ChainParams(id, dataDir, magic, port, genesis, consensus, presync, addresses, dnsSeeds, fixedSeeds,
                challenge);
    }

    private static int magic(Obj doc, Optional<Bytes> challenge) throws ChainParamsException {
        Optional<Bytes> given = doc.optBytes("magic");
        if (given.isPresent() && given.get().length() != 4) {
            throw new ChainParamsException("magic", "must be 4 bytes (8 hex digits), got " + given.get().length() + " bytes");
        }
        Optional<Integer> derived = challenge.map(ChainParamsLoader::signetMagic);
        if (given.isEmpty()) {
            return derived.orElseThrow(() -> new ChainParamsException("magic", "missing (required unless signetChallenge is given)"));
        }
        Bytes b = given.get();
        int magic = ((b.get(0) & 0xff) << 24) | ((b.get(1) & 0xff) << 16) | ((b.get(2) & 0xff) << 8) | (b.get(3) & 0xff);
        if (derived.isPresent() && derived.get() != magic) {
            throw new ChainParamsException("magic", String.format(
                    "%08x does not match %08x, the message start Core derives from signetChallenge", magic, derived.get()));
        }
        return magic;
    }

    private static ChainParams.Genesis genesis(Obj g, ChainParams.PowRules pow) throws ChainParamsException {
        Bytes block = g.bytes("block");
        String blockPath = g.path("block");
        if (block.length() < BlockHeader.SIZE + 1 + 60) {
            throw new ChainParamsException(blockPath, "too short for an 80-byte header, a transaction count and a coinbase ("
                    + block.length() + " bytes)");
        }
        BlockHeader header = ChainParams.Genesis.headerOf(block);
        if (!header.prevBlock().isZero()) {
            throw new ChainParamsException(blockPath, "the genesis header's prevBlock must be zero, got " + header.prevBlock());
        }
        Hash256 declared = g.hash("hash");
        Hash256 actual = header.hash();
        if (!actual.equals(declared)) {
            throw new ChainParamsException(g.path("hash"), "does not match the genesis header: SHA256d of the first 80 bytes of "
                    + blockPath + " is " + actual + ", the file says " + declared);
        }
        // With exactly one transaction (count byte 1) and no witness (no 0x00 segwit marker after the 4-byte version),
        // the merkle root is that transaction's txid: SHA256d of everything after the count byte. True of every
        // Bitcoin chain. Otherwise the check needs a transaction parser, which mooring-chain does not have yet: skipped.
        byte[] raw = block.toArray();
        if (raw[BlockHeader.SIZE] == 1 && raw[BlockHeader.SIZE + 1 + 4] != 0) {
            Hash256 txid = Hashes.sha256d(raw, BlockHeader.SIZE + 1, raw.length - BlockHeader.SIZE - 1);
            if (!txid.equals(header.merkleRoot())) {
                throw new ChainParamsException(blockPath, "the header's merkle root " + header.merkleRoot()
                        + " is not the txid of the block's only transaction, " + txid);
            }
        }
        Pow.DecodedCompact target = Pow.decodeCompact(header.bits());
        if (!target.isUsableTarget()) {
            throw new ChainParamsException(blockPath, String.format("the genesis bits %08x are not a usable target", header.bits()));
        }
        if (target.target().compareTo(pow.limit()) > 0) {
            throw new ChainParamsException(blockPath, String.format(
                    "the genesis bits %08x are easier than consensus.pow.limit", header.bits()));
        }
        if (!Pow.checkProofOfWork(actual, header.bits(), pow.limit())) {
            throw new ChainParamsException(blockPath, String.format(
                    "the genesis hash %s does not meet its own bits %08x", actual, header.bits()));
        }
        g.finish();
        return new ChainParams.Genesis(header, actual, block);
    }

    private static ChainParams.AddressEncoding addressEncoding(Obj a) throws ChainParamsException {
        String hrp = a.string("bech32Hrp");
        if (hrp.isEmpty() || hrp.length() > 83 || !hrp.chars().allMatch(c -> c >= 33 && c <= 126)
                || !hrp.equals(hrp.toLowerCase(Locale.ROOT))) {
            throw new ChainParamsException(a.path("bech32Hrp"), "a bech32 HRP is 1-83 printable ASCII characters, lower case; got '"
                    + hrp + "'");
        }
        ChainParams.AddressEncoding enc = new ChainParams.AddressEncoding(hrp,
                a.prefix("pubkeyAddress", 1, 4), a.prefix("scriptAddress", 1, 4), a.prefix("secretKey", 1, 4),
                a.prefix("extPublicKey", 4, 4), a.prefix("extSecretKey", 4, 4));
        a.finish();
        return enc;
    }

    /**
     * One JSON/TOML object being read: gives typed values with the key path in every error, and reports keys that
     * were never read (typos) as unknown. Keys starting with '_' are comments and ignored.
     */
    private static final class Obj {
        private final JsonNode node;
        private final String path;
        private final Set<String> seen = new HashSet<>();

        private Obj(JsonNode node, String path) {
            this.node = node;
            this.path = path;
        }

        static Obj root(JsonNode node) throws ChainParamsException {
            if (!node.isObject()) throw new ChainParamsException("", "the document must be an object/table");
            return new Obj(node, "");
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        private JsonNode opt(String key) {
            seen.add(key);
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : v;
        }

        private JsonNode req(String key) throws ChainParamsException {
            JsonNode v = opt(key);
            if (v == null) throw new ChainParamsException(path(key), "missing");
            return v;
        }

        Obj obj(String key) throws ChainParamsException {
            JsonNode v = req(key);
            if (!v.isObject()) throw new ChainParamsException(path(key), "must be an object/table, got " + kind(v));
            return new Obj(v, path(key));
        }

        String string(String key) throws ChainParamsException {
            return asString(key, req(key));
        }

        Optional<String> optString(String key) throws ChainParamsException {
            JsonNode v = opt(key);
            return v == null ? Optional.empty() : Optional.of(asString(key, v));
        }

        private String asString(String key, JsonNode v) throws ChainParamsException {
            if (!v.isTextual()) throw new ChainParamsException(path(key), "must be a string, got " + kind(v));
            return v.textValue();
        }

        boolean bool(String key) throws ChainParamsException {
            JsonNode v = req(key);
            if (!v.isBoolean()) throw new ChainParamsException(path(key), "must be true or false, got " + kind(v));
            return v.booleanValue();
        }

        long longValue(String key, long min, long max) throws ChainParamsException {
            return asLong(key, req(key), min, max);
        }

        Optional<Long> optLong(String key, long min, long max) throws ChainParamsException {
            JsonNode v = opt(key);
            return v == null ? Optional.empty() : Optional.of(asLong(key, v, min, max));
        }

        int height(String key) throws ChainParamsException {
            return (int) longValue(key, 0, Integer.MAX_VALUE);
        }

        private long asLong(String key, JsonNode v, long min, long max) throws ChainParamsException {
            if (!v.isIntegralNumber()) throw new ChainParamsException(path(key), "must be an integer, got " + kind(v));
            BigInteger b = v.bigIntegerValue();
            if (b.compareTo(BigInteger.valueOf(min)) < 0 || b.compareTo(BigInteger.valueOf(max)) > 0) {
                throw new ChainParamsException(path(key), "must be in [" + min + ", " + max + "], got " + b);
            }
            return b.longValueExact();
        }

        Bytes bytes(String key) throws ChainParamsException {
            return hexBytes(key, string(key));
        }

        Optional<Bytes> optBytes(String key) throws ChainParamsException {
            Optional<String> s = optString(key);
            return s.isEmpty() ? Optional.empty() : Optional.of(hexBytes(key, s.get()));
        }

        Bytes prefix(String key, int minLength, int maxLength) throws ChainParamsException {
            Bytes b = bytes(key);
            if (b.length() < minLength || b.length() > maxLength) {
                throw new ChainParamsException(path(key), minLength == maxLength
                        ? "must be " + minLength + " bytes, got " + b.length()
                        : "must be " + minLength + " to " + maxLength + " bytes, got " + b.length());
            }
            return b;
        }

        private Bytes hexBytes(String key, String hex) throws ChainParamsException {
            if (hex.length() % 2 != 0) throw new ChainParamsException(path(key), "bad hex: odd number of digits");
            try {
                return Bytes.fromHex(hex);
            } catch (IllegalArgumentException e) {
                throw new ChainParamsException(path(key), "bad hex: " + e.getMessage());
            }
        }

        Hash256 hash(String key) throws ChainParamsException {
            return asHash(key, string(key));
        }

        Optional<Hash256> optHash(String key) throws ChainParamsException {
            Optional<String> s = optString(key);
            return s.isEmpty() ? Optional.empty() : Optional.of(asHash(key, s.get()));
        }

        private Hash256 asHash(String key, String hex) throws ChainParamsException {
            if (hex.length() != 64 || !isHex(hex)) {
                throw new ChainParamsException(path(key), "bad hash: want 64 hex digits in display order, got '" + hex + "'");
            }
            return Hash256.fromHex(hex);
        }

        /** A 256-bit unsigned number as big-endian hex (1-64 digits, optional 0x). */
        BigInteger uint256(String key) throws ChainParamsException {
            String s = string(key);
            String hex = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
            if (hex.isEmpty() || hex.length() > 64 || !isHex(hex)) {
                throw new ChainParamsException(path(key), "bad hex: want a 256-bit number as 1-64 hex digits, got '" + s + "'");
            }
            return new BigInteger(hex, 16);
        }

        List<String> stringList(String key) throws ChainParamsException {
            JsonNode v = req(key);
            if (!v.isArray()) throw new ChainParamsException(path(key), "must be an array of strings, got " + kind(v));
            List<String> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                if (!e.isTextual()) throw new ChainParamsException(path(key) + "[" + i + "]", "must be a string, got " + kind(e));
                out.add(e.textValue());
            }
            return out;
        }

        /** Fails on keys that were never asked for. */
        void finish() throws ChainParamsException {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!seen.contains(k) && !k.startsWith("_")) {
                    throw new ChainParamsException(path(k), "unknown key");
                }
            }
        }

        private static boolean isHex(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.digit(s.charAt(i), 16) < 0) return false;
            }
            return true;
        }

        private static String kind(JsonNode v) {
            return v.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    // ---------------------------------------------------------------- writing

    private static ObjectNode toTree(ChainParams p) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("id", p.id());
        root.put("dataDirName", p.dataDirName());
        root.put("magic", p.messageStart().hex());
        root.put("defaultPort", p.defaultPort());
        ObjectNode g = root.putObject("genesis");
        g.put("hash", p.genesisHash().toString());
        g.put("block", p.genesisBlock().hex());
        ObjectNode c = root.putObject("consensus");
        ObjectNode pow = c.putObject("pow");
        ChainParams.PowRules r = p.consensus().pow();
        pow.put("limit", uint256Hex(r.limit()));
        pow.put("targetSpacing", r.targetSpacing());
        pow.put("targetTimespan", r.targetTimespan());
        pow.put("allowMinDifficultyBlocks", r.allowMinDifficultyBlocks());
        pow.put("noRetargeting", r.noRetargeting());
        pow.put("enforceBip94", r.enforceBip94());
        ObjectNode d = c.putObject("deployments");
        ChainParams.Deployments dep = p.consensus().deployments();
        d.put("bip34Height", dep.bip34Height());
        if (!dep.bip34Hash().isZero()) d.put("bip34Hash", dep.bip34Hash().toString());
        d.put("bip65Height", dep.bip65Height());
        d.put("bip66Height", dep.bip66Height());
        d.put("csvHeight", dep.csvHeight());
        d.put("segwitHeight", dep.segwitHeight());
        c.put("subsidyHalvingInterval", p.consensus().subsidyHalvingInterval());
        c.put("minimumChainWork", uint256Hex(p.minimumChainWork()));
        if (!p.assumeValid().isZero()) c.put("assumeValid", p.assumeValid().toString());
        ObjectNode h = root.putObject("headersPresync");
        h.put("commitmentPeriod", p.headersPresync().commitmentPeriod());
        h.put("redownloadBufferSize", p.headersPresync().redownloadBufferSize());
        ObjectNode a = root.putObject("addressEncoding");
        ChainParams.AddressEncoding e = p.addressEncoding();
        a.put("bech32Hrp", e.bech32Hrp());
        a.put("pubkeyAddress", e.pubkeyAddressPrefix().hex());
        a.put("scriptAddress", e.scriptAddressPrefix().hex());
        a.put("secretKey", e.secretKeyPrefix().hex());
        a.put("extPublicKey", e.extPublicKeyPrefix().hex());
        a.put("extSecretKey", e.extSecretKeyPrefix().hex());
        ArrayNode dns = root.putArray("dnsSeeds");
        p.dnsSeeds().forEach(dns::add);
        ArrayNode fixed = root.putArray("fixedSeeds");
        p.fixedSeeds().forEach(seed -> fixed.add(seed.toString()));
        p.signetChallenge().ifPresent(ch -> root.put("signetChallenge", ch.hex()));
        return root;
    }

    private static String uint256Hex(BigInteger v) {
        String hex = v.toString(16);
        return "0".repeat(64 - hex.length()) + hex;
    }

}
