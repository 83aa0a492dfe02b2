package io.mooring.net;

/** A connection's id (Core's NodeId), unique for the node's lifetime. Peers are named by id across the core/shell boundary. */
public record PeerId(long value) implements Comparable<PeerId> {
    @Override
    public int compareTo(PeerId o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
