package io.mooring.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SelfCheckCommandTest {
    @Test
    void selfCheckPassesEveryCheckAndExitsZero() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = new CommandLine(new SelfCheckCommand(new PrintStream(buf, true, StandardCharsets.UTF_8)))
                .execute();
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).contains(" 0 failed").contains("cfcheckpt").contains("regtest");
    }

    @Test
    void launcherListsTheSelfCheckSubcommand() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new MooringCli());
        cli.setOut(new java.io.PrintWriter(buf, true, StandardCharsets.UTF_8));
        assertThat(cli.execute("--help")).isZero();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("selfcheck");
    }
}
