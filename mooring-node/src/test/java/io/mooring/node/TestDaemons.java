package io.mooring.node;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;

/** Shared set-up for tests that start daemons from bitcoind-style options, with a temp HOME and free ports. */
final class TestDaemons {
    private TestDaemons() {
    }

    /** Parses {@code args} as `mooring node` would, with {@code home} as HOME and output swallowed. */
    static NodeStartup.Ready prepare(Path home, String... args) throws Exception {
        NodeStartup.Environment env = new NodeStartup.Environment(home, Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), 1, "0.1.0");
        return (NodeStartup.Ready) new NodeStartup(env).run(args);
    }

    /** A port free right now on loopback (the test binds it moments later). */
    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
