package io.mooring.tools;

import io.mooring.node.ConfigException;
import io.mooring.node.MooringNode;
import io.mooring.node.NodeStartup;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code mooring node [bitcoind-style options]}: runs the daemon. Options are Core's ({@code -name=value},
 * {@code -noname}, {@code -regtest}, ...), parsed by {@link NodeStartup}, not by picocli. SIGINT and SIGTERM shut
 * the node down gracefully and exit 0.
 */
@Command(name = "node", description = "Run the Mooring node (bitcoind-style options; -help lists them).",
        mixinStandardHelpOptions = false)
public final class NodeCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "OPTION", description = "bitcoind-style options, e.g. -regtest -port=18444")
    List<String> positional = new ArrayList<>();

    /** Everything that looks like an option goes to Core's parser, not picocli's. */
    @Unmatched
    List<String> options = new ArrayList<>();

    @Override
    public Integer call() {
        NodeStartup.Startup startup;
        try {
            List<String> all = new ArrayList<>(options);
            all.addAll(positional);
            startup = NodeStartup.prepare(all.toArray(String[]::new));
        } catch (ConfigException e) {
            System.err.println("Error: " + e.getMessage());
            return 1;
        }
        if (startup instanceof NodeStartup.Exit exit) {
            System.out.print(exit.output());
            return 0;
        }
        try (NodeStartup.Ready ready = (NodeStartup.Ready) startup) {
            MooringNode node = new MooringNode(ready.config(), Clock.systemUTC());
            // SIGINT and SIGTERM stop the node the graceful way (flush, disconnect, release the lock) and the process
            // then exits 0, as bitcoind does; a JVM shutdown hook would exit with the signal's status instead.
            for (String name : new String[] {"INT", "TERM"}) {
                Signal.handle(new Signal(name), sig -> node.close());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(node::close, "mooring-shutdown"));
            node.start();
            node.awaitStop();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            System.err.println("Error: " + e.getMessage());
            return 1;
        }
    }
}
