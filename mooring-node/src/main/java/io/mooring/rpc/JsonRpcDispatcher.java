package io.mooring.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mooring.rpc.RpcRequestContext.JsonRpcVersion;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * JSON-RPC over an HTTP body, exactly as Core's {@code ExecuteHTTPRPC} (src/httprpc.cpp) with
 * {@code JSONRPCRequest::parse} and {@code JSONRPCReplyObj} (src/rpc/request.cpp):
 *
 * <ul>
 *   <li>unparsable body: -32700 "Parse error", HTTP 500; a top-level value that is neither object nor array: -32700
 *       "Top-level object parse error", HTTP 500;</li>
 *   <li>JSON-RPC 1.0/1.1 (no {@code jsonrpc}, or {@code "1.0"}): replies carry both {@code result} and {@code error};
 *       errors set the HTTP status (-32600 → 400, -32601 → 404, others 500);</li>
 *   <li>JSON-RPC 2.0: only one of {@code result}/{@code error}, HTTP 200 for method errors, 204 with no body for a
 *       notification (no {@code id});</li>
 *   <li>batches: every element handled in order, each error in its own reply, HTTP 200; notifications left out; a
 *       non-empty batch of notifications only gives 204; an empty batch gives {@code []}.</li>
 * </ul>
 *
 * <p>Like Core, one request object is reused across a batch, so an element that is not an object reports the
 * previous element's id and version.
 */
public final class JsonRpcDispatcher {
    /** The HTTP outcome: status and JSON body (null for 204 No Content). */
    public record Reply(int status, String body) {}

    private final RpcMethods methods;

    public JsonRpcDispatcher(RpcMethods methods) {
        this.methods = Objects.requireNonNull(methods, "methods");
    }

    /** Core's JSONRPCRequest: mutable, reused across batch elements as Core does. */
    private static final class Request {
        JsonNode id = NullNode.getInstance();
        boolean hasId = true;
        JsonRpcVersion version = JsonRpcVersion.V1_LEGACY;
        String method = "";
        JsonNode params;

        boolean isNotification() {
            return !hasId && version == JsonRpcVersion.V2;
        }

        void parse(JsonNode value) throws RpcException {
            if (!value.isObject()) throw invalid("Invalid Request object");
            hasId = value.has("id");
            id = hasId ? value.get("id") : null;
            version = JsonRpcVersion.V1_LEGACY;
            JsonNode v = value.get("jsonrpc");
            if (v != null && !v.isNull()) {
                if (!v.isTextual()) throw invalid("jsonrpc field must be a string");
                switch (v.textValue()) {
                    case "1.0" -> version = JsonRpcVersion.V1_LEGACY;
                    case "2.0" -> version = JsonRpcVersion.V2;
                    default -> throw invalid("JSON-RPC version not supported");
                }
            }
            JsonNode m = value.get("method");
            if (m == null || m.isNull()) throw invalid("Missing method");
            if (!m.isTextual()) throw invalid("Method must be a string");
            method = m.textValue();
            JsonNode p = value.get("params");
            if (p != null && (p.isArray() || p.isObject())) {
                params = p;
            } else if (p == null || p.isNull()) {
                params = UniJson.NODES.arrayNode();
            } else {
                throw invalid("Params must be an array or object");
            }
        }

        private static RpcException invalid(String message) {
            return new RpcException(RpcErrorCode.RPC_INVALID_REQUEST, message);
        }
    }

    /**
     * Handles one HTTP body. Synchronous work (parsing, argument checks, synchronous handlers) runs on the calling
     * thread and then on {@code executor} between batch elements; asynchronous handlers complete wherever they like.
     */
    public CompletableFuture<Reply> handle(byte[] body, String authUser, InetSocketAddress peer, String uri,
            Executor executor) {
        Request req = new Request();
        JsonNode value = UniJson.read(body);
        if (value == null) {
            return CompletableFuture.completedFuture(
                    errorReply(new RpcException(RpcErrorCode.RPC_PARSE_ERROR, "Parse error"), req));
        }
        if (value.isObject()) {
            try {
                req.parse(value);
            } catch (RpcException e) {
                return CompletableFuture.completedFuture(errorReply(e, req));
            }
            boolean catchErrors = req.version == JsonRpcVersion.V2;
            return methods.execute(context(req, authUser, peer, uri), req.params).handle((result, error) -> {
                ObjectNode reply;
                if (error != null) {
                    RpcException e = RpcMethods.toRpcException(error);
                    if (!catchErrors) return errorReply(e, req);
                    reply = replyObject(null, e.toJson(), req);
                } else {
                    reply = replyObject(result, null, req);
                }
                if (req.isNotification()) return new Reply(204, null);
                return new Reply(200, UniJson.write(reply) + "\n");
            });
        }
        if (value.isArray()) {
            ArrayNode out = UniJson.NODES.arrayNode();
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (JsonNode element : value) {
                chain = chain.thenComposeAsync(ignored -> batchElement(element, req, out, authUser, peer, uri),
                        executor);
            }
            return chain.thenApply(ignored -> {
                if (out.isEmpty() && !value.isEmpty()) return new Reply(204, null);
                return new Reply(200, UniJson.write(out) + "\n");
            });
        }
        return CompletableFuture.completedFuture(
                errorReply(new RpcException(RpcErrorCode.RPC_PARSE_ERROR, "Top-level object parse error"), req));
    }

    private CompletableFuture<Void> batchElement(JsonNode element, Request req, ArrayNode out, String authUser,
            InetSocketAddress peer, String uri) {
        try {
            req.parse(element);
        } catch (RpcException e) {
            if (!req.isNotification()) out.add(replyObject(null, e.toJson(), req));
            return CompletableFuture.completedFuture(null);
        }
        // Snapshot what the reply needs: the shared request is reused by the next element.
        Request snapshot = new Request();
        snapshot.id = req.id;
        snapshot.hasId = req.hasId;
        snapshot.version = req.version;
        return methods.execute(context(req, authUser, peer, uri), req.params).handle((result, error) -> {
            ObjectNode reply = error != null
                    ? replyObject(null, RpcMethods.toRpcException(error).toJson(), snapshot)
                    : replyObject(result, null, snapshot);
            if (!snapshot.isNotification()) out.add(reply);
            return null;
        });
    }

    private static RpcRequestContext context(Request req, String authUser, InetSocketAddress peer, String uri) {
        return new RpcRequestContext(req.method, req.hasId ? req.id : null, req.version, authUser, peer, uri);
    }

    /** Core's {@code JSONErrorReply}: the HTTP status follows the error code. */
    private static Reply errorReply(RpcException e, Request req) {
        int status = switch (RpcErrorCode.fromCode(e.code()) == null ? RpcErrorCode.RPC_MISC_ERROR
                : RpcErrorCode.fromCode(e.code())) {
            case RPC_INVALID_REQUEST -> 400;
            case RPC_METHOD_NOT_FOUND -> 404;
            default -> 500;
        };
        return new Reply(status, UniJson.write(replyObject(null, e.toJson(), req)) + "\n");
    }

    /** Core's {@code JSONRPCReplyObj}. */
    private static ObjectNode replyObject(JsonNode result, ObjectNode error, Request req) {
        ObjectNode reply = UniJson.NODES.objectNode();
        boolean v2 = req.version == JsonRpcVersion.V2;
        if (v2) reply.put("jsonrpc", "2.0");
        if (error == null) {
            reply.set("result", result == null ? NullNode.getInstance() : result);
            if (!v2) reply.set("error", NullNode.getInstance());
        } else {
            if (!v2) reply.set("result", NullNode.getInstance());
            reply.set("error", error);
        }
        if (req.hasId) reply.set("id", req.id == null ? NullNode.getInstance() : req.id);
        return reply;
    }
}
