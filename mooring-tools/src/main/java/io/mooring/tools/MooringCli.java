package io.mooring.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bin/mooring} launcher: one picocli command with a subcommand per tool. */
@Command(name = "mooring", mixinStandardHelpOptions = true, version = "Mooring 0.1.0",
        description = "The Bitcoin P2P network stack for the JVM.",
        subcommands = {NodeCommand.class, RpcCommand.class, SelfCheckCommand.class, LoadTestCommand.class, AsmapCommand.class,
                DemoCommand.class, HandshakeCommand.class, CrawlCommand.class,
                CommandLine.HelpCommand.class})
public final class MooringCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MooringCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
