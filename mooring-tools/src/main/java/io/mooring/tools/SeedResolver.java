package io.mooring.tools;

import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Resolves DNS seed names to addresses (A and AAAA) with dnsjava, as the node's DnsSeeder does, against the system
 * resolvers or one chosen server ({@code --dns-server}, used by the tests to reach a loopback DNS server).
 */
final class SeedResolver {
    /** What a name resolved to, or why it did not. */
    record Answer(List<NetAddress> addresses, String error) {
    }

    private final Resolver resolver;

    SeedResolver(String server, Duration timeout) throws IOException {
        if (server != null) {
            NetEndpoint e = NetEndpoint.parse(server, 53);
            resolver = new SimpleResolver(new InetSocketAddress(e.address().toInetAddress(), e.port()));
        } else {
            resolver = new ExtendedResolver();
        }
        resolver.setTimeout(timeout);
    }

    Answer resolve(String host) {
        List<NetAddress> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            try {
                Name name = Name.fromString(host.endsWith(".") ? host : host + ".");
                Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
                if (response.getRcode() != Rcode.NOERROR) {
                    errors.add(Type.string(type) + " " + Rcode.string(response.getRcode()));
                    continue;
                }
                for (Record rec : response.getSection(Section.ANSWER)) {
                    InetAddress a = rec instanceof ARecord ar ? ar.getAddress()
                            : rec instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
                    if (a != null) out.add(NetAddress.fromInetAddress(a));
                }
            } catch (TextParseException e) {
                return new Answer(List.of(), "not a valid name: " + e.getMessage());
            } catch (IOException e) {
                errors.add(Type.string(type) + " " + e.getMessage());
            }
        }
        return new Answer(out, out.isEmpty() ? (errors.isEmpty() ? "no addresses" : String.join(", ", errors)) : null);
    }
}
