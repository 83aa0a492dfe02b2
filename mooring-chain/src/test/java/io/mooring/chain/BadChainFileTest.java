package io.mooring.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each kind of bad chain file gives a ChainParamsException naming the key and the problem. */
class BadChainFileTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ChainParamsException loadEdited(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(CustomChainTest.JSON);
        edit.accept(root);
        return loadFails(MAPPER.writeValueAsString(root));
    }

    private static ChainParamsException loadFails(String json) {
        ChainParamsException e = catchThrowableOfType(ChainParamsException.class, () -> ChainParamsLoader.fromJson(json));
        assertThat(e).as("expected a ChainParamsException").isNotNull();
        return e;
    }

    private static ObjectNode obj(ObjectNode root, String path) {
        ObjectNode n = root;
        for (String k : path.split("\\.")) n = (ObjectNode) n.get(k);
        return n;
    }

    @Test
    void missingTopLevelKeyIsNamed() throws Exception {
        ChainParamsException e = loadEdited(r -> r.remove("defaultPort"));
        assertThat(e.keyPath()).isEqualTo("defaultPort");
        assertThat(e.problem()).isEqualTo("missing");
        assertThat(e).hasMessage("defaultPort: missing");
    }

    @Test
    void missingNestedKeyIsNamedByItsPath() throws Exception {
        ChainParamsException e = loadEdited(r -> obj(r, "consensus.pow").remove("targetSpacing"));
        assertThat(e.keyPath()).isEqualTo("consensus.pow.targetSpacing");
        assertThat(e.problem()).isEqualTo("missing");
    }

    @Test
    void missingMagicWithoutSignetChallenge() throws Exception {
        ChainParamsException e = loadEdited(r -> r.remove("magic"));
        assertThat(e.keyPath()).isEqualTo("magic");
        assertThat(e.problem()).contains("missing");
    }

    @Test
    void badHexIsNamed() throws Exception {
        ChainParamsException e = loadEdited(r -> obj(r, "genesis").put("block", "01zz"));
        assertThat(e.keyPath()).isEqualTo("genesis.block");
        assertThat(e.problem()).startsWith("bad hex");
        ChainParamsException odd = loadEdited(r -> obj(r, "addressEncoding").put("secretKey", "b"));
        assertThat(odd.keyPath()).isEqualTo("addressEncoding.secretKey");
        assertThat(odd.problem()).contains("odd");
    }

    @Test
    void badHashIsNamed() throws Exception {
        ChainParamsException e = loadEdited(r -> obj(r, "consensus").put("assumeValid", "1234"));
        assertThat(e.keyPath()).isEqualTo("consensus.assumeValid");
        assertThat(e.problem()).contains("64 hex digits");
    }

    @Test
    void genesisHashMismatchIsNamed() throws Exception {
        String wrong = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
        ChainParamsException e = loadEdited(r -> obj(r, "genesis").put("hash", wrong));
        assertThat(e.keyPath()).isEqualTo("genesis.hash");
        assertThat(e.problem()).contains("does not match the genesis header").contains(wrong);
    }

    @Test
    void tamperedCoinbaseBreaksTheMerkleRoot() throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(CustomChainTest.JSON);
        String block = obj(root, "genesis").get("block").asText();
        // flip the last byte of the lock time: header (and hash) unchanged, txid changes
        String tampered = block.substring(0, block.length() - 2) + "01";
        ChainParamsException e = loadEdited(r -> obj(r, "genesis").put("block", tampered));
        assertThat(e.keyPath()).isEqualTo("genesis.block");
        assertThat(e.problem()).contains("merkle root");
    }

    @Test
    void genesisThatMissesItsTargetIsRejected() throws Exception {
        // mainnet's genesis block under a limit far below its bits
        ChainParams main = ChainParamsLoader.builtIn("main");
        ChainParamsException e = loadEdited(r -> {
            obj(r, "genesis").put("hash", main.genesisHash().toString());
            obj(r, "genesis").put("block", main.genesisBlock().hex());
            obj(r, "consensus.pow").put("limit", "0000000000ffffffffffffffffffffffffffffffffffffffffffffffffffffff");
        });
        assertThat(e.keyPath()).isEqualTo("genesis.block");
        assertThat(e.problem()).contains("easier than consensus.pow.limit");
    }

    @Test
    void magicMustBeFourBytes() throws Exception {
        ChainParamsException e = loadEdited(r -> r.put("magic", "f9beb4"));
        assertThat(e.keyPath()).isEqualTo("magic");
        assertThat(e.problem()).contains("must be 4 bytes");
    }

    @Test
    void portOutOfRange() throws Exception {
        ChainParamsException e = loadEdited(r -> r.put("defaultPort", 70000));
        assertThat(e.keyPath()).isEqualTo("defaultPort");
        assertThat(e.problem()).contains("[1, 65535]").contains("70000");
        assertThat(loadEdited(r -> r.put("defaultPort", 0)).keyPath()).isEqualTo("defaultPort");
    }

    @Test
    void wrongTypeIsNamed() throws Exception {
        ChainParamsException e = loadEdited(r -> r.put("defaultPort", "8333"));
        assertThat(e.keyPath()).isEqualTo("defaultPort");
        assertThat(e.problem()).contains("integer");
        ChainParamsException b = loadEdited(r -> obj(r, "consensus.pow").put("noRetargeting", "no"));
        assertThat(b.keyPath()).isEqualTo("consensus.pow.noRetargeting");
        ChainParamsException o = loadEdited(r -> r.put("genesis", "x"));
        assertThat(o.keyPath()).isEqualTo("genesis");
    }

    @Test
    void unknownKeysAreReportedSoTyposDoNotPassSilently() throws Exception {
        ChainParamsException e = loadEdited(r -> obj(r, "headersPresync").put("comitmentPeriod", 3));
        assertThat(e.keyPath()).isEqualTo("headersPresync.comitmentPeriod");
        assertThat(e.problem()).isEqualTo("unknown key");
    }

    @Test
    void underscoreKeysAreComments() throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(CustomChainTest.JSON);
        root.put("_comment", "ours");
        assertThat(ChainParamsLoader.fromJson(MAPPER.writeValueAsString(root)))
                .isEqualTo(ChainParamsLoader.fromJson(CustomChainTest.JSON));
    }

    @Test
    void badFixedSeedIsNamedByIndex() throws Exception {
        ChainParamsException e = loadEdited(r -> ((com.fasterxml.jackson.databind.node.ArrayNode) r.get("fixedSeeds"))
                .set(1, r.textNode("2001:db8::10:28444")));
        assertThat(e.keyPath()).isEqualTo("fixedSeeds[1]");
    }

    @Test
    void badDnsSeedIsNamedByIndex() throws Exception {
        ChainParamsException e = loadEdited(r -> ((com.fasterxml.jackson.databind.node.ArrayNode) r.get("dnsSeeds"))
                .add("has space.example."));
        assertThat(e.keyPath()).isEqualTo("dnsSeeds[1]");
    }

    @Test
    void extendedKeyPrefixMustBeFourBytes() throws Exception {
        ChainParamsException e = loadEdited(r -> obj(r, "addressEncoding").put("extPublicKey", "0488b2"));
        assertThat(e.keyPath()).isEqualTo("addressEncoding.extPublicKey");
        assertThat(e.problem()).contains("4 bytes");
    }

    @Test
    void bech32HrpMustBeLowerCase() throws Exception {
        assertThat(loadEdited(r -> obj(r, "addressEncoding").put("bech32Hrp", "MOOR")).keyPath())
                .isEqualTo("addressEncoding.bech32Hrp");
    }

    @Test
    void timespanShorterThanSpacing() throws Exception {
        ChainParamsException e = loadEdited(r -> obj(r, "consensus.pow").put("targetTimespan", 100));
        assertThat(e.keyPath()).isEqualTo("consensus.pow.targetTimespan");
    }

    @Test
    void zeroOrOversizedPowLimit() throws Exception {
        assertThat(loadEdited(r -> obj(r, "consensus.pow").put("limit", "00")).problem()).contains("zero");
        ChainParamsException e = loadEdited(r -> obj(r, "consensus.pow").put("limit", "1" + "0".repeat(64)));
        assertThat(e.keyPath()).isEqualTo("consensus.pow.limit");
    }

    @Test
    void negativeHeight() throws Exception {
        assertThat(loadEdited(r -> obj(r, "consensus.deployments").put("segwitHeight", -1)).keyPath())
                .isEqualTo("consensus.deployments.segwitHeight");
    }

    @Test
    void unsupportedSchemaVersion() throws Exception {
        assertThat(loadEdited(r -> r.put("schemaVersion", 2)).keyPath()).isEqualTo("schemaVersion");
    }

    @Test
    void badIdAndDataDir() throws Exception {
        assertThat(loadEdited(r -> r.put("id", "")).keyPath()).isEqualTo("id");
        assertThat(loadEdited(r -> r.put("dataDirName", "../etc")).keyPath()).isEqualTo("dataDirName");
    }

    @Test
    void genesisBlockTooShort() throws Exception {
        ChainParams main = ChainParamsLoader.builtIn("main");
        ChainParamsException e = loadEdited(r -> obj(r, "genesis").put("block", main.genesisBlock().hex().substring(0, 160)));
        assertThat(e.keyPath()).isEqualTo("genesis.block");
        assertThat(e.problem()).contains("too short");
    }

    @Test
    void notJsonAtAll() {
        ChainParamsException e = loadFails("{\"id\": ");
        assertThat(e.keyPath()).isEmpty();
        assertThat(e.getMessage()).startsWith("chain parameters: not valid JSON");
        assertThat(loadFails("[1]").problem()).contains("object");
    }

    @Test
    void duplicateKeysAreRejected() {
        String dup = CustomChainTest.JSON.replaceFirst("\\{", "{\"id\": \"x\",");
        assertThat(loadFails(dup).problem()).contains("not valid JSON").containsIgnoringCase("duplicate");
    }

    @Test
    void badTomlIsReported() {
        ChainParamsException e = catchThrowableOfType(ChainParamsException.class,
                () -> ChainParamsLoader.fromToml("id = \"x\"\nid = \"y\"\n"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("TOML");
    }
}
