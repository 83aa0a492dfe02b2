package io.mooring.net;

import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import io.mooring.wire.WireWriter;
import io.mooring.wire.message.Message;
import io.mooring.wire.message.V1Envelope;
import io.mooring.wire.message.V1Envelope.Header;
import java.util.List;

/**
 * The v1 transport (Core's V1Transport): a 24-byte header, then the payload. A header with a wrong magic or an
 * announced length above 4,000,000 bytes is fatal before any payload byte is buffered; a bad checksum or command
 * drops that one message; a payload that does not decode is dropped with its reason.
 */
public final class V1Transport implements Transport {
    private final int magic;
    private final byte[] header = new byte[V1Envelope.HEADER_SIZE];
    private int headerFill;
    private Header current;
    private byte[] payload;
    private int payloadFill;
    private boolean dead;

    public V1Transport(int magic) {
        this.magic = magic;
    }

    @Override
    public TransportProtocol protocol() {
        return TransportProtocol.V1;
    }

    @Override
    public String sessionId() {
        return "";
    }

    @Override
    public int bufferedBytes() {
        return headerFill + payloadFill;
    }

    @Override
    public void receive(byte[] data, int offset, int length, List<TransportEvent> events) {
        int pos = offset;
        int end = offset + length;
        while (pos < end && !dead) {
            if (current == null) {
                int take = Math.min(V1Envelope.HEADER_SIZE - headerFill, end - pos);
                System.arraycopy(data, pos, header, headerFill, take);
                headerFill += take;
                pos += take;
                if (headerFill < V1Envelope.HEADER_SIZE) {
                    return;
                }
                try {
                    current = V1Envelope.readHeader(header, 0, magic);
                } catch (ProtocolException e) {
                    dead = true;
                    events.add(new TransportEvent.Fatal(e.error(), e.getMessage()));
                    return;
                }
                payload = new byte[current.payloadLength()];
                payloadFill = 0;
            }
            int take = Math.min(payload.length - payloadFill, end - pos);
            System.arraycopy(data, pos, payload, payloadFill, take);
            payloadFill += take;
            pos += take;
            if (payloadFill == payload.length) {
                events.add(complete());
            }
        }
    }

    private TransportEvent complete() {
        Header h = current;
        byte[] p = payload;
        current = null;
        payload = null;
        headerFill = 0;
        payloadFill = 0;
        int wireBytes = V1Envelope.HEADER_SIZE + p.length;
        try {
            Message m = V1Envelope.readPayload(h, p, 0);
            return new TransportEvent.MessageReceived(m, wireBytes);
        } catch (ProtocolException e) {
            boolean headerProblem = e.error() == ProtocolError.BAD_CHECKSUM || e.error() == ProtocolError.BAD_COMMAND;
            String command = headerProblem ? TransportEvent.MessageDropped.OTHER : h.command();
            return new TransportEvent.MessageDropped(command, e.error(), e.getMessage(), wireBytes);
        }
    }

    @Override
    public int encode(Message message, WireWriter out) {
        int before = out.size();
        V1Envelope.encode(magic, message, out);
        return out.size() - before;
    }
}
