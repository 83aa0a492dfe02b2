package io.mooring.node;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A minimal authoritative DNS server for tests: UDP on 127.0.0.1 at a free port, answering A and AAAA questions for
 * the names it was given, NXDOMAIN for others, and nothing at all for "silent" names (a seed that times out).
 */
public final class LoopbackDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Map<Name, List<InetAddress>> answers = new ConcurrentHashMap<>();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    /** Every question received, as "name TYPE". */
    /** Every question asked, as "name TYPE" (tests check what was queried). */
    public final List<String> questions = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public LoopbackDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public LoopbackDnsServer answer(String name, String... addresses) throws IOException {
        List<InetAddress> list = new java.util.ArrayList<>();
        for (String a : addresses) list.add(InetAddress.getByName(a)); // literals only: no lookup happens
        answers.put(Name.fromString(name), list);
        return this;
    }

    public LoopbackDnsServer silent(String name) throws IOException {
        silent.add(Name.fromString(name));
        return this;
    }

    private void serve() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message query = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Record q = query.getQuestion();
                questions.add(q.getName() + " " + Type.string(q.getType()));
                if (silent.contains(q.getName())) continue;
                Message reply = new Message(query.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setFlag(Flags.AA);
                reply.addRecord(q, Section.QUESTION);
                List<InetAddress> known = answers.get(q.getName());
                if (known == null) {
                    reply.getHeader().setRcode(Rcode.NXDOMAIN);
                } else {
                    for (InetAddress a : known) {
                        if (q.getType() == Type.A && a.getAddress().length == 4) {
                            reply.addRecord(new ARecord(q.getName(), DClass.IN, 60, a), Section.ANSWER);
                        } else if (q.getType() == Type.AAAA && a.getAddress().length == 16) {
                            reply.addRecord(new AAAARecord(q.getName(), DClass.IN, 60, a), Section.ANSWER);
                        }
                    }
                }
                byte[] out = reply.toWire();
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
