package io.mooring.tools;

import io.mooring.netgroup.Asmap;
import io.mooring.netgroup.AsmapException;
import io.mooring.wire.netaddress.NetAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mooring asmap}: inspect Core's asmap files (the {@code -asmap} format) with {@link Asmap}.
 *
 * <ul>
 *   <li>{@code asmap lookup FILE IP...} prints {@code 8.8.8.8 AS15169} per address (AS0 = unmapped);
 *   <li>{@code asmap decode FILE} prints the mapped ranges, {@code 1.2.3.0/24 AS13335}, as
 *       {@code contrib/asmap/asmap-tool.py decode -n};
 *   <li>{@code asmap diff FILE_A FILE_B} prints {@code prefix ASa -> ASb} for every range whose ASN changed.
 * </ul>
 *
 * Exit codes: 0 success, 1 unreadable file or bad address, 2 malformed asmap (the file Core would refuse).
 */
@Command(name = "asmap", mixinStandardHelpOptions = true,
        description = "Look up, decode and diff Bitcoin Core asmap files.",
        subcommands = {AsmapCommand.Lookup.class, AsmapCommand.Decode.class, AsmapCommand.Diff.class})
public final class AsmapCommand implements Callable<Integer> {
    static final int EXIT_MALFORMED = 2;
    static final int EXIT_ERROR = 1;

    final PrintStream out;
    final PrintStream err;

    public AsmapCommand() {
        this(System.out, System.err);
    }

    AsmapCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        err.println("usage: mooring asmap (lookup FILE IP... | decode FILE | diff FILE_A FILE_B)");
        return EXIT_ERROR;
    }

    /** What a subcommand does once its files have loaded; returns the exit code. */
    private interface MapAction {
        int run(List<Asmap> maps) throws Exception;
    }

    int withMaps(List<Path> files, MapAction action) {
        List<Asmap> maps = new java.util.ArrayList<>();
        for (Path f : files) {
            try {
                maps.add(Asmap.load(f));
            } catch (AsmapException e) {
                err.println("error: " + e.getMessage());
                return EXIT_MALFORMED;
            } catch (NoSuchFileException e) {
                err.println("error: could not find asmap file \"" + f + "\"");
                return EXIT_ERROR;
            } catch (IOException e) {
                err.println("error: could not read asmap file \"" + f + "\": " + e.getMessage());
                return EXIT_ERROR;
            }
        }
        try {
            return action.run(maps);
        } catch (Exception e) {
            err.println("error: " + e.getMessage());
            return EXIT_ERROR;
        }
    }

    @Command(name = "lookup", mixinStandardHelpOptions = true, description = "Print the AS number of each address.")
    static final class Lookup implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        AsmapCommand parent;

        @Parameters(index = "0", paramLabel = "FILE", description = "asmap file")
        Path file;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "IP", description = "IPv4 or IPv6 addresses")
        List<String> ips;

        @Override
        public Integer call() {
            return parent.withMaps(List.of(file), maps -> {
                Asmap m = maps.getFirst();
                int rc = 0;
                for (String ip : ips) {
                    NetAddress a;
                    try {
                        a = NetAddress.parse(ip);
                    } catch (IllegalArgumentException e) {
                        parent.err.println("error: " + e.getMessage());
                        rc = EXIT_ERROR;
                        continue;
                    }
                    if (!a.isIPv4() && !a.isIPv6() && !a.isCJDNS()) {
                        parent.err.println("error: not an IP address: " + ip);
                        rc = EXIT_ERROR;
                        continue;
                    }
                    parent.out.println(ip + " AS" + m.lookup(a));
                }
                return rc;
            });
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = "Print every mapped range as 'prefix ASn' (unmapped space is left out).")
    static final class Decode implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        AsmapCommand parent;

        @Parameters(index = "0", paramLabel = "FILE", description = "asmap file")
        Path file;

        @Override
        public Integer call() {
            return parent.withMaps(List.of(file), maps -> {
                StringBuilder sb = new StringBuilder();
                for (Asmap.Entry e : maps.getFirst().decode()) {
                    sb.append(e.prefix()).append(" AS").append(e.asn()).append('\n');
                    if (sb.length() > 1 << 16) {
                        parent.out.print(sb);
                        sb.setLength(0);
                    }
                }
                parent.out.print(sb);
                parent.out.flush();
                return 0;
            });
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Print 'prefix ASa -> ASb' for every range mapped differently (AS0 = unmapped).")
    static final class Diff implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        AsmapCommand parent;

        @Parameters(index = "0", paramLabel = "FILE_A", description = "old asmap file")
        Path fileA;

        @Parameters(index = "1", paramLabel = "FILE_B", description = "new asmap file")
        Path fileB;

        @Override
        public Integer call() {
            return parent.withMaps(List.of(fileA, fileB), maps -> {
                for (Asmap.Difference d : maps.get(0).diff(maps.get(1))) parent.out.println(d);
                parent.out.flush();
                return 0;
            });
        }
    }
}
