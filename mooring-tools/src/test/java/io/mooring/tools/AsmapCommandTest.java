package io.mooring.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AsmapCommandTest {
    @TempDir
    Path dir;

    Path raw;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeCoresTestMap() throws Exception {
        raw = dir.resolve("asmap.raw");
        try (InputStream in = getClass().getResourceAsStream("/asmap/asmap.raw")) {
            Files.write(raw, in.readAllBytes());
        }
    }

    private int run(String... args) {
        AsmapCommand cmd = new AsmapCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(cmd).execute(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void lookupPrintsOneLinePerAddress() {
        assertThat(run("lookup", raw.toString(), "250.1.1.1", "101.3.0.1", "::ffff:101.8.255.255")).isZero();
        assertThat(stdout()).isEqualTo("250.1.1.1 AS1000\n101.3.0.1 AS3\n::ffff:101.8.255.255 AS8\n");
    }

    @Test
    void lookupOfANonAddressFailsWithoutStoppingTheOthers() {
        assertThat(run("lookup", raw.toString(), "example.com", "250.0.0.1")).isEqualTo(1);
        assertThat(stdout()).isEqualTo("250.0.0.1 AS1000\n");
        assertThat(stderr()).contains("example.com");
    }

    @Test
    void decodePrintsTheRanges() {
        assertThat(run("decode", raw.toString())).isZero();
        assertThat(stdout()).startsWith("101.0.0.0/15 AS1\n101.2.0.0/16 AS2\n").endsWith("128.0.0.0/1 AS1000\n");
        assertThat(stdout().lines()).hasSize(9);
    }

    @Test
    void diffListsChangedRanges() throws Exception {
        byte[] single = {(byte) 0x80, 0x2f, 0x00}; // RETURN AS1001: 0 ‖ 0 ‖ 15 bits of 1000, LSB first
        Path other = dir.resolve("other.dat");
        Files.write(other, single);
        assertThat(run("lookup", other.toString(), "1.2.3.4")).as(stderr()).isZero();
        out.reset();
        assertThat(run("diff", raw.toString(), raw.toString())).isZero();
        assertThat(stdout()).isEmpty();
        assertThat(run("diff", raw.toString(), other.toString())).isZero();
        assertThat(stdout()).contains("128.0.0.0/1 AS1000 -> AS1001\n").contains("101.2.0.0/16 AS2 -> AS1001\n").contains("::/1 AS0 -> AS1001\n").doesNotContain("AS1000 -> AS1000");
    }

    @Test
    void malformedFileExitsTwoWithTheReason() throws Exception {
        Path bad = dir.resolve("bad.dat");
        byte[] data = Files.readAllBytes(raw);
        Files.write(bad, java.util.Arrays.copyOf(data, data.length - 3));
        assertThat(run("decode", bad.toString())).isEqualTo(2);
        assertThat(stderr()).startsWith("error: asmap file \"" + bad + "\" is malformed: ");
        Path empty = dir.resolve("empty.dat");
        Files.write(empty, new byte[0]);
        assertThat(run("lookup", empty.toString(), "1.1.1.1")).isEqualTo(2);
        assertThat(stderr()).contains("is malformed: empty file");
    }

    @Test
    void missingFileExitsOne() {
        assertThat(run("decode", dir.resolve("nope.dat").toString())).isEqualTo(1);
        assertThat(stderr()).contains("could not find asmap file");
    }
}
