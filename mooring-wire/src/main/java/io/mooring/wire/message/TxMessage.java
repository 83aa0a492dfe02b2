package io.mooring.wire.message;

import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireReader;
import io.mooring.wire.WireWriter;
import io.mooring.wire.primitives.Transaction;
import java.util.Objects;

/** {@code tx}: one transaction, in BIP144 witness serialisation when it has witness data. */
public record TxMessage(Transaction tx) implements Message {
    public TxMessage {
        Objects.requireNonNull(tx, "tx");
    }

    public static TxMessage read(WireReader r) throws ProtocolException {
        return new TxMessage(Transaction.read(r));
    }

    @Override
    public String command() {
        return MessageType.TX;
    }

    @Override
    public void writePayload(WireWriter w) {
        tx.write(w);
    }
}
