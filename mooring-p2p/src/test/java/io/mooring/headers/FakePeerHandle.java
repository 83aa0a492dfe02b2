package io.mooring.headers;

import io.mooring.net.ConnectionType;
import io.mooring.net.PeerHandle;
import io.mooring.net.PeerId;
import io.mooring.wire.message.Message;
import io.mooring.wire.netaddress.ServiceFlags;
import java.util.ArrayList;
import java.util.List;

/** A peer handle that records what was sent and whether the peer was blamed or dropped. */
public final class FakePeerHandle implements PeerHandle {
    final PeerId id;
    final ConnectionType type;
    public long services = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
    public boolean noBan;
    public final List<Message> sent = new ArrayList<>();
    public final List<String> misbehaviour = new ArrayList<>();
    public final List<String> disconnects = new ArrayList<>();

    public FakePeerHandle(long id, ConnectionType type) {
        this.id = new PeerId(id);
        this.type = type;
    }

    @SuppressWarnings("unchecked")
    public <T extends Message> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(m -> (T) m).toList();
    }

    public <T extends Message> T lastSent(Class<T> type) {
        List<T> of = sent(type);
        if (of.isEmpty()) throw new AssertionError("no " + type.getSimpleName() + " sent; sent: " + sent);
        return of.get(of.size() - 1);
    }

    @Override
    public PeerId id() {
        return id;
    }

    @Override
    public ConnectionType connectionType() {
        return type;
    }

    @Override
    public long services() {
        return services;
    }

    @Override
    public int startingHeight() {
        return 0;
    }

    @Override
    public int commonVersion() {
        return 70016;
    }

    @Override
    public boolean hasNoBanPermission() {
        return noBan;
    }

    @Override
    public void send(Message message) {
        sent.add(message);
    }

    @Override
    public void misbehaving(String reason) {
        misbehaviour.add(reason);
    }

    @Override
    public void disconnect(String reason) {
        disconnects.add(reason);
    }
}
