package io.mooring.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mooring.wire.Bytes;
import org.junit.jupiter.api.Test;

class SignetTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Bytes DEFAULT_CHALLENGE = Bytes.fromHex("512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb"
            + "10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c9540ce96883fe3b278760f048f5189f2e6c452ae");

    @Test
    void defaultChallengeDerivesCoresSignetMagic() {
        assertThat(ChainParamsLoader.signetMagic(DEFAULT_CHALLENGE)).isEqualTo(0x0a03cf40);
    }

    @Test
    void signetFileWithoutMagicDerivesItFromTheChallenge() throws Exception {
        ChainParams signet = ChainParamsLoader.builtIn("signet");
        ObjectNode root = (ObjectNode) MAPPER.readTree(ChainParamsLoader.toJson(signet));
        root.remove("magic");
        assertThat(ChainParamsLoader.fromJson(MAPPER.writeValueAsString(root))).isEqualTo(signet);
    }

    @Test
    void customChallengeGivesItsOwnMagic() throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(ChainParamsLoader.toJson(ChainParamsLoader.builtIn("signet")));
        root.remove("magic");
        root.put("id", "mysignet");
        root.put("signetChallenge", "51"); // OP_TRUE
        ChainParams p = ChainParamsLoader.fromJson(MAPPER.writeValueAsString(root));
        assertThat(p.magic()).isEqualTo(ChainParamsLoader.signetMagic(Bytes.fromHex("51"))).isNotEqualTo(0x0a03cf40);
        assertThat(p.signetChallenge()).contains(Bytes.fromHex("51"));
    }

    @Test
    void magicThatContradictsTheChallengeIsRejected() throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(ChainParamsLoader.toJson(ChainParamsLoader.builtIn("signet")));
        root.put("magic", "f9beb4d9");
        ChainParamsException e = catchThrowableOfType(ChainParamsException.class,
                () -> ChainParamsLoader.fromJson(MAPPER.writeValueAsString(root)));
        assertThat(e.keyPath()).isEqualTo("magic");
        assertThat(e.problem()).contains("0a03cf40");
    }

    @Test
    void emptyChallengeIsRejected() throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(ChainParamsLoader.toJson(ChainParamsLoader.builtIn("signet")));
        root.put("signetChallenge", "");
        ChainParamsException e = catchThrowableOfType(ChainParamsException.class,
                () -> ChainParamsLoader.fromJson(MAPPER.writeValueAsString(root)));
        assertThat(e.keyPath()).isEqualTo("signetChallenge");
    }
}
