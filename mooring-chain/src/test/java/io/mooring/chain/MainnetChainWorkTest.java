package io.mooring.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.wire.WireReader;
import io.mooring.wire.primitives.BlockHeader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chain-work sanity on bitcoinj's mainnet checkpoints (one per retarget boundary: chain work 12 bytes BE ‖ height
 * 4 bytes BE ‖ 80-byte header, base64 per line).
 */
class MainnetChainWorkTest {
    record Checkpoint(BigInteger chainWork, int height, BlockHeader header) {
    }

    private static List<Checkpoint> checkpoints;

    @BeforeAll
    static void read() throws Exception {
        String[] lines = TestResources.text("/vectors/bitcoinj-org.bitcoin.production.checkpoints.txt").split("\n");
        assertThat(lines[0]).isEqualTo("TXT CHECKPOINTS 1");
        int n = Integer.parseInt(lines[2].strip());
        checkpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = Base64.getDecoder().decode(lines[3 + i].strip());
            assertThat(b).hasSize(96);
            BigInteger work = new BigInteger(1, java.util.Arrays.copyOfRange(b, 0, 12));
            int height = ((b[12] & 0xff) << 24) | ((b[13] & 0xff) << 16) | ((b[14] & 0xff) << 8) | (b[15] & 0xff);
            checkpoints.add(new Checkpoint(work, height, BlockHeader.read(new WireReader(b, 16, 80))));
        }
        assertThat(checkpoints).hasSize(436);
    }

    /**
     * Checkpoint k is block 2016k (the first of a period), and its chain work includes itself. So the work between two
     * checkpoints is blocks 2016k+1 .. 2016(k+1): 2015 blocks with checkpoint k's bits plus the next checkpoint itself,
     * which opens the next period with its own bits.
     */
    @Test
    void workBetweenConsecutiveCheckpointsIsTheirBlocksProof() {
        for (int k = 0; k + 1 < checkpoints.size(); k++) {
            Checkpoint a = checkpoints.get(k);
            Checkpoint b = checkpoints.get(k + 1);
            assertThat(b.height() - a.height()).isEqualTo(2016);
            assertThat(a.height() % 2016).isZero();
            BigInteger expected = Pow.blockProof(a.header().bits()).multiply(BigInteger.valueOf(2015))
                    .add(Pow.blockProof(b.header().bits()));
            assertThat(b.chainWork().subtract(a.chainWork())).as("work from %d to %d", a.height(), b.height())
                    .isEqualTo(expected);
        }
    }

    /** The plain 2016 × proof(bits of checkpoint k) holds exactly when the difficulty did not change at k+1. */
    @Test
    void workIs2016TimesTheProofWhenTheDifficultyStaysTheSame() {
        int same = 0;
        for (int k = 0; k + 1 < checkpoints.size(); k++) {
            Checkpoint a = checkpoints.get(k);
            Checkpoint b = checkpoints.get(k + 1);
            boolean naive = b.chainWork().subtract(a.chainWork())
                    .equals(Pow.blockProof(a.header().bits()).multiply(BigInteger.valueOf(2016)));
            assertThat(naive).as("at %d", b.height()).isEqualTo(a.header().bits() == b.header().bits());
            if (naive) same++;
        }
        assertThat(same).isEqualTo(14); // the early difficulty-1 periods
    }

    @Test
    void firstCheckpointWorkIs2017DifficultyOneBlocks() {
        // blocks 0..2016 all at 0x1d00ffff
        assertThat(checkpoints.get(0).height()).isEqualTo(2016);
        assertThat(checkpoints.get(0).chainWork()).isEqualTo(Pow.blockProof(0x1d00ffffL).multiply(BigInteger.valueOf(2017)));
    }

    @Test
    void everyCheckpointMeetsItsTargetWithinTheMainnetLimit() {
        BigInteger limit = ChainParamsLoader.builtIn("main").powLimit();
        for (Checkpoint c : checkpoints) {
            assertThat(Pow.checkProofOfWork(c.header().hash(), c.header().bits(), limit)).as("height %d", c.height()).isTrue();
        }
    }

    @Test
    void minimumChainWorkIsAboveTheLastCheckpoint() {
        assertThat(ChainParamsLoader.builtIn("main").minimumChainWork()).isGreaterThan(checkpoints.getLast().chainWork());
    }
}
