package io.mooring.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mooring.addrman.AddrInfo;
import io.mooring.addrman.AddrMan;
import io.mooring.netgroup.NetGroupManager;
import io.mooring.rpc.RpcErrorCode;
import io.mooring.rpc.RpcException;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.NetEndpoint;
import io.mooring.wire.netaddress.Network;
import io.mooring.wire.netaddress.PeerAddress;
import io.mooring.wire.netaddress.ServiceFlags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The hidden address-manager test RPCs of Core's {@code rpc/net.cpp}: {@code addpeeraddress} and
 * {@code getrawaddrman}, with Core's fields and errors. Both run on the node loop, which owns the address manager.
 */
final class AddrManRpc {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AddrManRpc() {
    }

    /**
     * Core's {@code addpeeraddress}: the address (numeric IP, onion or I2P; no DNS, as {@code LookupHost(.., false)})
     * is added to the new table with itself as source, as if it announced itself, with NODE_NETWORK | NODE_WITNESS
     * and the current time; with {@code tried} it is then moved to tried ({@code Good}). The result is
     * {@code {"success": bool}} with Core's "error" field ("failed-adding-to-new", "failed-adding-to-tried").
     */
    static CompletionStage<JsonNode> addPeerAddress(MooringNode node, List<JsonNode> p) {
        String text = p.get(0).asText();
        long port = p.get(1).asLong();
        boolean tried = p.size() > 2 && p.get(2) != null && !p.get(2).isNull() && p.get(2).asBoolean();
        if (!p.get(1).canConvertToLong() || port < 0 || port > 65535 || p.get(1).isFloatingPointNumber()) {
            // UniValue's getInt<uint16_t> throws this std::runtime_error, which the server reports as -1.
            return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_MISC_ERROR, "JSON integer out of range"));
        }
        NetAddress address;
        try {
            String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            address = NetAddress.parse(host);
            if (address.isInternal()) throw new IllegalArgumentException("internal names are not addresses");
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new RpcException(RpcErrorCode.RPC_CLIENT_INVALID_IP_OR_SUBNET,
                    "Invalid IP address"));
        }
        return node.shell().query(pm -> {
            AddrMan addrMan = node.addrMan();
            Instant now = node.clock().instant();
            PeerAddress peer = new PeerAddress(now.getEpochSecond(), ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS,
                    address, (int) port);
            ObjectNode o = JSON.objectNode();
            boolean success = false;
            if (addrMan.add(List.of(peer), address, now)) {
                success = true;
                if (tried && !addrMan.good(new NetEndpoint(address, (int) port), now)) {
                    success = false;
                    o.put("error", "failed-adding-to-tried");
                }
            } else {
                o.put("error", "failed-adding-to-new");
            }
            o.put("success", success);
            return o;
        });
    }

    /**
     * Core's {@code getrawaddrman}: {"new": {...}, "tried": {...}}, each keyed "bucket/position" with the entry's
     * address, mapped_as (only with an asmap and a mapping), port, services, time, network, source, source_network and
     * source_mapped_as, in Core's {@code AddrmanEntryToJSON} order.
     */
    static CompletionStage<JsonNode> rawAddrMan(MooringNode node) {
        return node.shell().query(pm -> {
            ObjectNode o = JSON.objectNode();
            o.set("new", table(node.addrMan().entries(false), node.addrMan().netgroup()));
            o.set("tried", table(node.addrMan().entries(true), node.addrMan().netgroup()));
            return o;
        });
    }

    private static ObjectNode table(List<Map.Entry<AddrInfo, AddrMan.AddressPosition>> entries, NetGroupManager groups) {
        ObjectNode t = JSON.objectNode();
        for (Map.Entry<AddrInfo, AddrMan.AddressPosition> e : entries) {
            AddrInfo info = e.getKey();
            ObjectNode o = t.putObject(e.getValue().bucket() + "/" + e.getValue().position());
            o.put("address", info.address().toString());
            long mapped = groups.mappedAs(info.address());
            if (mapped != 0) o.put("mapped_as", mapped);
            o.put("port", info.port());
            o.put("services", info.services());
            o.put("time", info.time());
            o.put("network", networkClassName(info.address()));
            o.put("source", info.source().toString());
            o.put("source_network", networkClassName(info.source()));
            long sourceMapped = groups.mappedAs(info.source());
            if (sourceMapped != 0) o.put("source_mapped_as", sourceMapped);
        }
        return t;
    }

    /** Core's {@code GetNetworkName(addr.GetNetClass())}. */
    static String networkClassName(NetAddress a) {
        return switch (NetGroupManager.netClass(a)) {
            case NetGroupManager.NET_UNROUTABLE -> "not_publicly_routable";
            case NetGroupManager.NET_IPV4 -> Network.IPV4.rpcName();
            case NetGroupManager.NET_IPV6 -> Network.IPV6.rpcName();
            case NetGroupManager.NET_ONION -> Network.TORV3.rpcName();
            case NetGroupManager.NET_I2P -> Network.I2P.rpcName();
            case NetGroupManager.NET_CJDNS -> Network.CJDNS.rpcName();
            case NetGroupManager.NET_INTERNAL -> "internal";
            default -> "unknown";
        };
    }
}
