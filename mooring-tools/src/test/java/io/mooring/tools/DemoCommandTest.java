package io.mooring.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo end to end, small: 3 nodes on loopback, 30 blocks, one restart. */
class DemoCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DemoCommand demo = new DemoCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = new CommandLine(demo).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void threeNodesSyncThirtyBlocksAndTheRestartedNodeCatchesUpToThirtyFive() throws Exception {
        Run r = run("--nodes", "3", "--blocks", "30", "--timeout", "40", "--json", "--datadir", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("nodes")).hasSize(3);
        String tip = doc.path("nodes").get(0).path("bestblockhash").asText();
        for (JsonNode row : doc.path("nodes")) {
            assertThat(row.path("height").asInt()).as(row.toString()).isEqualTo(30 + DemoCommand.BLOCKS_WHILE_DOWN);
            assertThat(row.path("bestblockhash").asText()).isEqualTo(tip);
            assertThat(row.path("peers_in").asInt() + row.path("peers_out").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(row.path("bytesrecv_per_msg").path("headers").asLong()).isPositive();
        }
        assertThat(doc.path("summary").path("all_nodes_agree").asBoolean()).isTrue();
        // The restarted node's anchors.dat was read and deleted at startup, and written again at the final close.
        assertThat(Files.exists(dir.resolve("node3").resolve("regtest").resolve("anchors.dat"))).isTrue();
    }

    @Test
    void fewerThanThreeNodesIsAUsageError() {
        Run r = run("--nodes", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--nodes must be between 3 and 254");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(run("--bogus").code()).isEqualTo(2);
    }
}
