package io.mooring.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A JSON-RPC error: Core's {@code JSONRPCError(code, message)} thrown as a {@code UniValue}. The reply carries
 * {@code {"code": code, "message": message}}.
 */
public class RpcException extends Exception {
    private final int code;

    public RpcException(RpcErrorCode code, String message) {
        this(code.code(), message);
    }

    public RpcException(int code, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Core's {@code JSONRPCError}: the error object of a reply. */
    public ObjectNode toJson() {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", code);
        error.put("message", getMessage());
        return error;
    }

    /** RPC_INVALID_PARAMETER (-8) with the message. */
    public static RpcException invalidParameter(String message) {
        return new RpcException(RpcErrorCode.RPC_INVALID_PARAMETER, message);
    }

    /** RPC_TYPE_ERROR (-3) with the message. */
    public static RpcException typeError(String message) {
        return new RpcException(RpcErrorCode.RPC_TYPE_ERROR, message);
    }

    /** RPC_MISC_ERROR (-1) with the message, as Core turns a std::runtime_error from a handler. */
    public static RpcException misc(String message) {
        return new RpcException(RpcErrorCode.RPC_MISC_ERROR, message);
    }
}
