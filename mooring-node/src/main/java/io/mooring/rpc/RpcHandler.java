package io.mooring.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A synchronous method body. It runs on an RPC worker thread (never on Netty's event loop), so it may block briefly,
 * but it must not touch node state: use {@link AsyncRpcHandler} or {@link RpcMethod.Builder#handler(java.util.concurrent.Executor,
 * RpcHandler)} to run on the node thread.
 */
@FunctionalInterface
public interface RpcHandler {
    /**
     * @param params positional parameters after named-argument mapping; may be shorter than the declared arguments
     *               (trailing omitted ones are absent) and holds {@code NullNode} for skipped ones. Use
     *               {@link RpcMethod#param(List, int)} to read one safely.
     */
    JsonNode call(RpcRequestContext context, List<JsonNode> params) throws RpcException;
}
