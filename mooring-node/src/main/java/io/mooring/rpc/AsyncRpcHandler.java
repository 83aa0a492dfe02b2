package io.mooring.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A method body that completes later, e.g. on the node's protocol thread. Complete the stage exceptionally with an
 * {@link RpcException} for a JSON-RPC error; any other exception becomes RPC_MISC_ERROR (-1) with its message, as
 * Core turns a {@code std::exception}.
 */
@FunctionalInterface
public interface AsyncRpcHandler {
    CompletionStage<JsonNode> call(RpcRequestContext context, List<JsonNode> params);
}
