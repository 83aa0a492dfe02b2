package io.mooring.tools;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The demo's live display on stderr: one line per node (address, peers in/out, headers, blocks). On a terminal the
 * block of lines is redrawn in place (cursor up + carriage return + clear line); otherwise a plain snapshot is printed
 * only when something changed, so logs and CI output stay readable.
 */
final class DemoProgress {
    private final PrintStream err;
    private final boolean terminal;
    private int drawnLines;
    private String lastPlain = "";
    private long lastPlainNanos;

    DemoProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** A message between displays (phase headers, results). */
    void say(String line) {
        if (terminal) {
            drawnLines = 0;
        }
        err.println(line);
        err.flush();
    }

    void show(String phase, List<DemoNode> nodes, List<Optional<DemoNode.Status>> statuses) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            DemoNode n = nodes.get(i);
            Optional<DemoNode.Status> s = statuses.get(i);
            String line = s.map(st -> String.format("  node %d %-17s peers in %2d out %2d  headers %6d  blocks %6d",
                            n.index(), n.endpoint(), st.peersIn(), st.peersOut(), st.headers(), st.blocks()))
                    .orElse(String.format("  node %d %-17s (stopped)", n.index(), n.endpoint()));
            b.append(line).append('\n');
        }
        String text = b.toString();
        if (terminal) {
            StringBuilder out = new StringBuilder();
            if (drawnLines > 0) {
                out.append("\033[").append(drawnLines).append('A');
            }
            for (String line : text.split("\n")) {
                out.append('\r').append("\033[2K").append(line).append('\n');
            }
            err.print(out);
            err.flush();
            drawnLines = nodes.size();
        } else if (!text.equals(lastPlain) && System.nanoTime() - lastPlainNanos >= 2_000_000_000L) {
            // Without a terminal, at most one snapshot every 2 s.
            lastPlainNanos = System.nanoTime();
            err.print("[" + phase + "]\n" + text);
            err.flush();
            lastPlain = text;
        }
    }
}
