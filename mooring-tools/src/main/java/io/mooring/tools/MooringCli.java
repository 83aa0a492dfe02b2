package io.mooring.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bin/mooring} launcher: one picocli command with a subcommand per tool. */
@Command(name = "mooring", mixinStandardHelpOptions = true, versionProvider = MooringCli.BuildVersion.class,
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

    /** {@code --version}: the build's version (io.mooring.node.NodeStartup#BUILD_VERSION), not a constant. */
    static final class BuildVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Mooring " + io.mooring.node.NodeStartup.BUILD_VERSION};
        }
    }
}
