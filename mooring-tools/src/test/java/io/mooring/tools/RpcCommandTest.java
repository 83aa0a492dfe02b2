package io.mooring.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RpcCommandTest {
    @Test
    void picocliPassesCoreStyleOptionsAndArgumentsThroughInOrder() {
        RpcCommand cmd = new RpcCommand();
        new CommandLine(cmd).parseArgs("-datadir=/tmp/x", "-regtest", "-named", "echo", "arg0=-1", "--rpcport=1", "b");
        assertThat(cmd.args).containsExactly("-datadir=/tmp/x", "-regtest", "-named", "echo", "arg0=-1",
                "--rpcport=1", "b");
    }

    @Test
    void worksAsASubcommand() {
        @CommandLine.Command(name = "mooring", subcommands = RpcCommand.class)
        class Root {}
        CommandLine root = new CommandLine(new Root());
        CommandLine.ParseResult pr = root.parseArgs("rpc", "-regtest", "help", "-x");
        RpcCommand sub = (RpcCommand) pr.subcommand().commandSpec().userObject();
        assertThat(sub.args).isEqualTo(List.of("-regtest", "help", "-x"));
    }
}
