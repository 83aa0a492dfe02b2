package io.mooring.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;

/**
 * What a method may know about the call (Core's {@code JSONRPCRequest} minus the parameters).
 *
 * @param method   the method name
 * @param id       the request id (null when absent)
 * @param version  the JSON-RPC version of the request
 * @param authUser the authenticated user name ({@code __cookie__} for cookie auth)
 * @param peer     the client's address (null when not over HTTP)
 * @param uri      the request URI
 */
public record RpcRequestContext(String method, JsonNode id, JsonRpcVersion version, String authUser,
        InetSocketAddress peer, String uri) {

    /** Core's {@code JSONRPCVersion}. */
    public enum JsonRpcVersion { V1_LEGACY, V2 }

    /** A context for calls made in-process (tests, the node itself). */
    public static RpcRequestContext local(String method) {
        return new RpcRequestContext(method, null, JsonRpcVersion.V1_LEGACY, "", null, "/");
    }
}
