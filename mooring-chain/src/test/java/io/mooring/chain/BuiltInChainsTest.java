package io.mooring.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuiltInChainsTest {
    private static final JsonNode VECTORS = readVectors();

    private static JsonNode readVectors() {
        try {
            return new ObjectMapper().readTree(TestResources.text("/vectors/chainparams.json")).get("networks");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "main,     main,     '',       f9beb4d9, 8333,  000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
            "testnet3, test,     testnet3, 0b110907, 18333, 000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
            "testnet4, testnet4, testnet4, 1c163f28, 48333, 00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043",
            "signet,   signet,   signet,   0a03cf40, 38333, 00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6",
            "regtest,  regtest,  regtest,  fabfb5da, 18444, 0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
    })
    void builtInChainHasItsKnownIdentityAndGenesis(String vectorKey, String id, String dataDir, String magic, int port,
                                                    String genesisHash) {
        ChainParams p = ChainParamsLoader.builtIn(id);
        JsonNode v = VECTORS.get(vectorKey);
        assertThat(p.id()).isEqualTo(id);
        assertThat(p.dataDirName()).isEqualTo(dataDir);
        assertThat(p.messageStart().hex()).isEqualTo(magic).isEqualTo(v.get("message_start_hex").asText());
        assertThat(p.magic()).isEqualTo(Integer.parseUnsignedInt(magic, 16));
        assertThat(p.defaultPort()).isEqualTo(port).isEqualTo(v.get("default_port").asInt());
        assertThat(p.genesisHash()).hasToString(genesisHash);
        assertThat(p.genesisHash().toString()).isEqualTo(v.at("/genesis/hash").asText());
        assertThat(p.genesisHeader().hash()).isEqualTo(p.genesisHash());
        assertThat(p.genesisBlock()).isEqualTo(Bytes.fromHex(v.at("/genesis/block_hex").asText()));
        assertThat(p.genesisBlock().length()).isEqualTo(v.at("/genesis/block_size").asInt());
        assertThat(p.genesisHeader().merkleRoot()).hasToString(v.at("/genesis/merkle_root").asText());
        assertThat(p.genesisHeader().time()).isEqualTo(v.at("/genesis/time").asLong());
        assertThat(p.genesisHeader().bits()).isEqualTo(v.at("/genesis/bits_int").asLong());
        assertThat(p.genesisHeader().nonce()).isEqualTo(v.at("/genesis/nonce").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"main", "testnet3", "testnet4", "signet", "regtest"})
    void consensusParametersMatchTheVectors(String vectorKey) {
        JsonNode v = VECTORS.get(vectorKey);
        ChainParams p = ChainParamsLoader.builtIn(vectorKey);
        ChainParams.PowRules pow = p.consensus().pow();
        assertThat(pow.limit()).isEqualTo(new BigInteger(v.get("pow_limit").asText(), 16));
        assertThat(p.powLimitCompact()).isEqualTo(Long.decode(v.get("pow_limit_compact").asText()));
        assertThat(pow.targetSpacing()).isEqualTo(600).isEqualTo(v.at("/retarget/target_spacing_s").asLong());
        assertThat(pow.targetTimespan()).isEqualTo(v.at("/retarget/target_timespan_s").asLong());
        assertThat(pow.difficultyAdjustmentInterval()).isEqualTo(v.at("/retarget/interval_blocks").asLong());
        assertThat(pow.allowMinDifficultyBlocks()).isEqualTo(v.get("pow_allow_min_difficulty_blocks").asBoolean());
        assertThat(pow.noRetargeting()).isEqualTo(v.get("pow_no_retargeting").asBoolean());
        assertThat(pow.enforceBip94()).isEqualTo(v.get("enforce_bip94").isBoolean() && v.get("enforce_bip94").asBoolean());
        JsonNode dep = v.get("buried_deployments");
        ChainParams.Deployments d = p.consensus().deployments();
        assertThat(d.bip34Height()).isEqualTo(dep.get("bip34_height").asInt());
        assertThat(d.bip65Height()).isEqualTo(dep.get("bip65_height").asInt());
        assertThat(d.bip66Height()).isEqualTo(dep.get("bip66_height").asInt());
        assertThat(d.csvHeight()).isEqualTo(dep.get("csv_height").asInt());
        assertThat(d.segwitHeight()).isEqualTo(dep.get("segwit_height").asInt());
        assertThat(d.bip34Hash()).isEqualTo(dep.has("bip34_hash") ? Hash256.fromHex(dep.get("bip34_hash").asText()) : Hash256.ZERO);
        assertThat(p.consensus().subsidyHalvingInterval()).isEqualTo(v.get("subsidy_halving_interval").asInt());
        assertThat(p.minimumChainWork()).isEqualTo(new BigInteger(v.get("minimum_chain_work").asText(), 16));
        JsonNode av = v.get("default_assume_valid");
        assertThat(p.assumeValid()).isEqualTo(av.isNull() ? Hash256.ZERO : Hash256.fromHex(av.get("hash").asText()));
        assertThat(p.headersPresync().commitmentPeriod()).isEqualTo(v.at("/headers_sync_params/commitment_period").asInt());
        assertThat(p.headersPresync().redownloadBufferSize())
                .isEqualTo(v.at("/headers_sync_params/redownload_buffer_size").asInt());
        assertThat(p.bech32Hrp()).isEqualTo(v.get("bech32_hrp").asText());
        List<String> dns = new ArrayList<>();
        v.get("dns_seeds").forEach(n -> dns.add(n.asText()));
        assertThat(p.dnsSeeds()).isEqualTo(dns);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"main, nodes_main.txt, 849", "test, nodes_test.txt, 179", "testnet4, nodes_testnet4.txt, 164",
            "signet, nodes_signet.txt, 123"})
    void fixedSeedsAreExactlyTheSeedList(String chain, String seedFile, int count) {
        List<String> expected = Arrays.stream(TestResources.text("/vectors/" + seedFile).split("\n"))
                .map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
        ChainParams p = ChainParamsLoader.builtIn(chain);
        assertThat(p.fixedSeeds()).hasSize(count);
        assertThat(p.fixedSeeds().stream().map(Object::toString).toList()).isEqualTo(expected);
    }

    @Test
    void regtestHasNoFixedSeeds() {
        assertThat(ChainParamsLoader.builtIn("regtest").fixedSeeds()).isEmpty();
    }

    @Test
    void dnsSeedsAreTheOnesInTheVectorsReadme() {
        assertThat(ChainParamsLoader.builtIn("main").dnsSeeds()).containsExactly(
                "seed.bitcoin.sipa.be.", "dnsseed.bluematt.me.", "dnsseed.bitcoin.dashjr-list-of-p2p-nodes.us.",
                "seed.bitcoin.jonasschnelli.ch.", "seed.btc.petertodd.net.", "seed.bitcoin.sprovoost.nl.",
                "dnsseed.emzy.de.", "seed.bitcoin.wiz.biz.", "seed.mainnet.achownodes.xyz.");
        assertThat(ChainParamsLoader.builtIn("test").dnsSeeds()).containsExactly(
                "testnet-seed.bitcoin.jonasschnelli.ch.", "seed.tbtc.petertodd.net.", "seed.testnet.bitcoin.sprovoost.nl.",
                "testnet-seed.bluematt.me.", "seed.testnet.achownodes.xyz.");
        assertThat(ChainParamsLoader.builtIn("testnet4").dnsSeeds())
                .containsExactly("seed.testnet4.bitcoin.sprovoost.nl.", "seed.testnet4.wiz.biz.");
        assertThat(ChainParamsLoader.builtIn("signet").dnsSeeds())
                .containsExactly("seed.signet.bitcoin.sprovoost.nl.", "seed.signet.achownodes.xyz.");
        assertThat(ChainParamsLoader.builtIn("regtest").dnsSeeds()).containsExactly("dummySeed.invalid.");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"main, main", "mainnet, main", "test, test", "testnet, test", "testnet3, test", "testnet4, testnet4",
            "signet, signet", "regtest, regtest", "MAIN, main"})
    void builtInAcceptsCoreNamesAndAliases(String name, String id) {
        assertThat(ChainParamsLoader.builtIn(name).id()).isEqualTo(id);
    }

    @Test
    void builtInRejectsUnknownNames() {
        assertThatThrownBy(() -> ChainParamsLoader.builtIn("testnet5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("testnet5");
    }

    @Test
    void baseAddressPrefixesAreCores() {
        ChainParams.AddressEncoding main = ChainParamsLoader.builtIn("main").addressEncoding();
        assertThat(main.pubkeyAddressPrefix().hex()).isEqualTo("00");
        assertThat(main.scriptAddressPrefix().hex()).isEqualTo("05");
        assertThat(main.secretKeyPrefix().hex()).isEqualTo("80");
        assertThat(main.extPublicKeyPrefix().hex()).isEqualTo("0488b21e");
        assertThat(main.extSecretKeyPrefix().hex()).isEqualTo("0488ade4");
        for (String chain : List.of("test", "testnet4", "signet", "regtest")) {
            ChainParams.AddressEncoding t = ChainParamsLoader.builtIn(chain).addressEncoding();
            assertThat(List.of(t.pubkeyAddressPrefix().hex(), t.scriptAddressPrefix().hex(), t.secretKeyPrefix().hex(),
                    t.extPublicKeyPrefix().hex(), t.extSecretKeyPrefix().hex()))
                    .as(chain).containsExactly("6f", "c4", "ef", "043587cf", "04358394");
        }
    }

    @Test
    void onlySignetHasAChallengeAndItDerivesTheSignetMagic() {
        ChainParams signet = ChainParamsLoader.builtIn("signet");
        assertThat(signet.isSignet()).isTrue();
        assertThat(signet.signetChallenge()).contains(Bytes.fromHex(VECTORS.at("/signet/signet_challenge_hex").asText()));
        assertThat(ChainParamsLoader.signetMagic(signet.signetChallenge().orElseThrow())).isEqualTo(0x0a03cf40);
        for (String chain : List.of("main", "test", "testnet4", "regtest")) {
            assertThat(ChainParamsLoader.builtIn(chain).signetChallenge()).as(chain).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"main", "test", "testnet4", "signet", "regtest"})
    void builtInChainWritesAndReadsBackEqual(String chain) throws ChainParamsException {
        ChainParams p = ChainParamsLoader.builtIn(chain);
        assertThat(ChainParamsLoader.fromJson(ChainParamsLoader.toJson(p))).isEqualTo(p);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"main, main", "test, testnet3", "testnet4, testnet4", "signet, signet", "regtest, regtest"})
    void resourceFileIsExactlyWhatToJsonWrites(String chain, String resource) throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(ChainParamsLoader.toJson(ChainParamsLoader.builtIn(chain))))
                .isEqualTo(m.readTree(TestResources.text("/io/mooring/chain/" + resource + ".json")));
    }

    @Test
    void builtInChainsAreCached() {
        assertThat(ChainParamsLoader.builtIn("mainnet")).isSameAs(ChainParamsLoader.builtIn("main"));
    }
}
