package io.mooring.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The client-side conversion table (Core's {@code vRPCConvertParams} in src/rpc/client.cpp): which arguments of
 * which methods the command line passes as JSON rather than as strings. Holds the entries for the methods Mooring
 * has or plans (control, network, blockchain-header methods); add a row when a method with non-string arguments is
 * registered.
 */
public final class RpcConvertParams {
    /** One row: method, position and name of an argument given as JSON. */
    public record Entry(String method, int index, String name) {}

    private static final List<Entry> TABLE = List.of(
            // control
            new Entry("stop", 0, "wait"),
            new Entry("logging", 0, "include"),
            new Entry("logging", 1, "exclude"),
            new Entry("echojson", 0, "arg0"),
            new Entry("echojson", 1, "arg1"),
            new Entry("echojson", 2, "arg2"),
            new Entry("echojson", 3, "arg3"),
            new Entry("echojson", 4, "arg4"),
            new Entry("echojson", 5, "arg5"),
            new Entry("echojson", 6, "arg6"),
            new Entry("echojson", 7, "arg7"),
            new Entry("echojson", 8, "arg8"),
            new Entry("echojson", 9, "arg9"),
            // network
            new Entry("addnode", 2, "v2transport"),
            new Entry("addconnection", 2, "v2transport"),
            new Entry("disconnectnode", 1, "nodeid"),
            new Entry("setban", 2, "bantime"),
            new Entry("setban", 3, "absolute"),
            new Entry("setnetworkactive", 0, "state"),
            new Entry("getnodeaddresses", 0, "count"),
            new Entry("addpeeraddress", 1, "port"),
            new Entry("addpeeraddress", 2, "tried"),
            new Entry("sendmsgtopeer", 0, "peer_id"),
            new Entry("getblockfrompeer", 1, "peer_id"),
            // blockchain (headers)
            new Entry("getblockhash", 0, "height"),
            new Entry("getblockheader", 1, "verbose"),
            new Entry("waitfornewblock", 0, "timeout"),
            new Entry("waitforblock", 1, "timeout"),
            new Entry("waitforblockheight", 0, "height"),
            new Entry("waitforblockheight", 1, "timeout"),
            new Entry("getchaintxstats", 0, "nblocks"),
            new Entry("getnetworkhashps", 0, "nblocks"),
            new Entry("getnetworkhashps", 1, "height"),
            new Entry("getblock", 1, "verbosity"),
            new Entry("getblock", 1, "verbose"),
            new Entry("generatetoaddress", 0, "nblocks"),
            new Entry("generatetoaddress", 2, "maxtries"),
            new Entry("generateblock", 1, "transactions"),
            new Entry("generateblock", 2, "submit"),
            new Entry("setmocktime", 0, "timestamp"));

    private static final Set<String> BY_INDEX = new HashSet<>();
    private static final Set<String> BY_NAME = new HashSet<>();

    static {
        for (Entry e : TABLE) {
            BY_INDEX.add(e.method() + "\0" + e.index());
            BY_NAME.add(e.method() + "\0" + e.name());
        }
    }

    private RpcConvertParams() {}

    public static List<Entry> table() {
        return TABLE;
    }

    /** Core's {@code ParseNonRFCJSONValue}: any JSON value, or "Error parsing JSON: ...". */
    public static JsonNode parseJson(String raw) {
        JsonNode v = UniJson.read(raw);
        if (v == null) throw new IllegalArgumentException("Error parsing JSON: " + raw);
        return v;
    }

    private static JsonNode convert(String value, boolean json) {
        return json ? parseJson(value) : TextNode.valueOf(value);
    }

    /** Core's {@code RPCConvertValues}: positional arguments. */
    public static ArrayNode convertValues(String method, List<String> args) {
        ArrayNode params = UniJson.NODES.arrayNode();
        for (int i = 0; i < args.size(); i++) {
            params.add(convert(args.get(i), BY_INDEX.contains(method + "\0" + i)));
        }
        return params;
    }

    /**
     * Core's {@code RPCConvertNamedValues}: {@code name=value} arguments into an object (later names overwrite
     * earlier ones); arguments without {@code =} go, in order, into {@code "args"}.
     */
    public static ObjectNode convertNamedValues(String method, List<String> args) {
        ObjectNode params = UniJson.NODES.objectNode();
        ArrayNode positional = UniJson.NODES.arrayNode();
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq < 0) {
                positional.add(convert(s, BY_INDEX.contains(method + "\0" + positional.size())));
                continue;
            }
            String name = s.substring(0, eq);
            String value = s.substring(eq + 1);
            params.set(name, convert(value, BY_NAME.contains(method + "\0" + name)));
        }
        if (!positional.isEmpty() && !params.has("args")) params.set("args", positional);
        return params;
    }
}
