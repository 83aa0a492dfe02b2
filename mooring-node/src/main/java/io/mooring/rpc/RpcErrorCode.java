package io.mooring.rpc;

/**
 * Bitcoin Core's JSON-RPC error codes ({@code RPCErrorCode} in src/rpc/protocol.h), with Core's numeric values.
 * Core's aliases (RPC_TRANSACTION_ERROR = RPC_VERIFY_ERROR, ...) are the constants {@link #TRANSACTION_ERROR} etc.
 */
public enum RpcErrorCode {
    // Standard JSON-RPC 2.0 errors
    RPC_INVALID_REQUEST(-32600),
    RPC_METHOD_NOT_FOUND(-32601),
    RPC_INVALID_PARAMS(-32602),
    /** Core: used for internal bugs, and (in Core) for a failed CHECK_NONFATAL. */
    RPC_INTERNAL_ERROR(-32603),
    RPC_PARSE_ERROR(-32700),

    // General application defined errors
    /** std::exception thrown in command handling. */
    RPC_MISC_ERROR(-1),
    /** Unexpected type was passed as parameter. */
    RPC_TYPE_ERROR(-3),
    /** Invalid address or key. */
    RPC_INVALID_ADDRESS_OR_KEY(-5),
    /** Ran out of memory during operation. */
    RPC_OUT_OF_MEMORY(-7),
    /** Invalid, missing or duplicate parameter. */
    RPC_INVALID_PARAMETER(-8),
    /** Database error. */
    RPC_DATABASE_ERROR(-20),
    /** Error parsing or validating structure in raw format. */
    RPC_DESERIALIZATION_ERROR(-22),
    /** General error during transaction or block submission. */
    RPC_VERIFY_ERROR(-25),
    /** Transaction or block was rejected by network rules. */
    RPC_VERIFY_REJECTED(-26),
    /** Transaction already in chain. */
    RPC_VERIFY_ALREADY_IN_CHAIN(-27),
    /** Client still warming up. */
    RPC_IN_WARMUP(-28),
    /** RPC method is deprecated. */
    RPC_METHOD_DEPRECATED(-32),

    // P2P client errors
    /** Not connected. */
    RPC_CLIENT_NOT_CONNECTED(-9),
    /** Still downloading initial blocks. */
    RPC_CLIENT_IN_INITIAL_DOWNLOAD(-10),
    /** Node is already added. */
    RPC_CLIENT_NODE_ALREADY_ADDED(-23),
    /** Node has not been added before. */
    RPC_CLIENT_NODE_NOT_ADDED(-24),
    /** Node to disconnect not found in connected nodes. */
    RPC_CLIENT_NODE_NOT_CONNECTED(-29),
    /** Invalid IP/Subnet. */
    RPC_CLIENT_INVALID_IP_OR_SUBNET(-30),
    /** No valid connection manager instance found. */
    RPC_CLIENT_P2P_DISABLED(-31),
    /** Max number of outbound or block-relay connections already open. */
    RPC_CLIENT_NODE_CAPACITY_REACHED(-34),

    // Chain errors
    /** No mempool instance found. */
    RPC_CLIENT_MEMPOOL_DISABLED(-33),

    // Wallet errors (Mooring has no wallet; kept so codes are never reused differently)
    RPC_WALLET_ERROR(-4),
    RPC_WALLET_INSUFFICIENT_FUNDS(-6),
    RPC_WALLET_INVALID_LABEL_NAME(-11),
    RPC_WALLET_KEYPOOL_RAN_OUT(-12),
    RPC_WALLET_UNLOCK_NEEDED(-13),
    RPC_WALLET_PASSPHRASE_INCORRECT(-14),
    RPC_WALLET_WRONG_ENC_STATE(-15),
    RPC_WALLET_ENCRYPTION_FAILED(-16),
    RPC_WALLET_ALREADY_UNLOCKED(-17),
    RPC_WALLET_NOT_FOUND(-18),
    RPC_WALLET_NOT_SPECIFIED(-19),
    RPC_WALLET_ALREADY_LOADED(-35),
    RPC_WALLET_ALREADY_EXISTS(-36),

    /** Unused reserved code, kept for backwards compatibility. Do not reuse. */
    RPC_FORBIDDEN_BY_SAFE_MODE(-2);

    /** Core's alias RPC_TRANSACTION_ERROR. */
    public static final RpcErrorCode TRANSACTION_ERROR = RPC_VERIFY_ERROR;
    /** Core's alias RPC_TRANSACTION_REJECTED. */
    public static final RpcErrorCode TRANSACTION_REJECTED = RPC_VERIFY_REJECTED;
    /** Core's alias RPC_TRANSACTION_ALREADY_IN_CHAIN. */
    public static final RpcErrorCode TRANSACTION_ALREADY_IN_CHAIN = RPC_VERIFY_ALREADY_IN_CHAIN;
    /** Core's alias RPC_WALLET_INVALID_ACCOUNT_NAME. */
    public static final RpcErrorCode WALLET_INVALID_ACCOUNT_NAME = RPC_WALLET_INVALID_LABEL_NAME;

    private final int code;

    RpcErrorCode(int code) {
        this.code = code;
    }

    /** The numeric code sent on the wire. */
    public int code() {
        return code;
    }

    /** The constant with this numeric code, or null. */
    public static RpcErrorCode fromCode(int code) {
        for (RpcErrorCode c : values()) {
            if (c.code == code) return c;
        }
        return null;
    }
}
