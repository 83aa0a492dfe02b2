package io.mooring.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A team's own chain ("mooringtest", genesis mined at regtest difficulty) loads from a file with no code changes. */
class CustomChainTest {
    static final String JSON = TestResources.text("/io/mooring/chain/mooringtest.json");
    static final String TOML = TestResources.text("/io/mooring/chain/mooringtest.toml");

    @Test
    void customChainLoadsFromJson() throws ChainParamsException {
        ChainParams p = ChainParamsLoader.fromJson(JSON);
        assertThat(p.id()).isEqualTo("mooringtest");
        assertThat(p.dataDirName()).isEqualTo("mooringtest");
        assertThat(p.magic()).isEqualTo(0x6d6f6f72);
        assertThat(p.messageStart()).isEqualTo(Bytes.fromHex("6d6f6f72"));
        assertThat(p.defaultPort()).isEqualTo(28444);
        assertThat(p.genesisHash()).isEqualTo(p.genesisHeader().hash());
        assertThat(p.genesisHeader().bits()).isEqualTo(0x207fffffL);
        assertThat(p.powLimitCompact()).isEqualTo(0x207fffffL);
        assertThat(p.consensus().pow().difficultyAdjustmentInterval()).isEqualTo(2016);
        assertThat(p.consensus().pow().enforceBip94()).isTrue();
        assertThat(p.minimumChainWork()).isZero();
        assertThat(p.assumeValid()).isEqualTo(Hash256.ZERO);
        assertThat(p.bech32Hrp()).isEqualTo("moor");
        assertThat(p.fixedSeeds()).hasSize(4).first().hasToString("192.0.2.10:28444");
        assertThat(p.isSignet()).isFalse();
        assertThat(Pow.checkProofOfWork(p.genesisHash(), p.genesisHeader().bits(), p.powLimit())).isTrue();
    }

    @Test
    void jsonAndTomlLoadToEqualParams() throws ChainParamsException {
        assertThat(ChainParamsLoader.fromToml(TOML)).isEqualTo(ChainParamsLoader.fromJson(JSON));
    }

    @Test
    void loadPicksTheFormatFromTheFileName(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("chain.json"), JSON);
        Path toml = Files.writeString(dir.resolve("chain.TOML"), TOML);
        assertThat(ChainParamsLoader.load(toml)).isEqualTo(ChainParamsLoader.load(json));
    }

    @Test
    void customChainWritesAndReadsBackEqual() throws ChainParamsException {
        ChainParams p = ChainParamsLoader.fromJson(JSON);
        assertThat(ChainParamsLoader.fromJson(ChainParamsLoader.toJson(p))).isEqualTo(p);
    }

    @Test
    void customChainIsNotABuiltInOne() throws ChainParamsException {
        ChainParams p = ChainParamsLoader.fromJson(JSON);
        for (String name : ChainParamsLoader.builtInNames()) {
            ChainParams b = ChainParamsLoader.builtIn(name);
            assertThat(p.magic()).isNotEqualTo(b.magic());
            assertThat(p.genesisHash()).isNotEqualTo(b.genesisHash());
        }
    }

    @Test
    void genesisCanBeBuiltFromTheRawBlockAlone() throws ChainParamsException {
        ChainParams p = ChainParamsLoader.fromJson(JSON);
        assertThat(ChainParams.Genesis.of(p.genesisBlock())).isEqualTo(p.genesis());
    }

    @Test
    void mainnetRebuiltByHandEqualsTheBuiltInOne() {
        ChainParams main = ChainParamsLoader.builtIn("main");
        ChainParams copy = new ChainParams(main.id(), main.dataDirName(), main.magic(), main.defaultPort(),
                ChainParams.Genesis.of(main.genesisBlock()), main.consensus(), main.headersPresync(),
                main.addressEncoding(), main.dnsSeeds(), main.fixedSeeds(), main.signetChallenge());
        assertThat(copy).isEqualTo(main);
        assertThat(main.powLimit()).isEqualTo(BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE));
    }
}
