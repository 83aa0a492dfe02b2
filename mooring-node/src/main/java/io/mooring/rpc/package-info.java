/**
 * Bitcoin Core-compatible JSON-RPC over HTTP: the server ({@link io.mooring.rpc.RpcServer}, Netty), request parsing
 * and replies for JSON-RPC 1.0/2.0 and batches ({@link io.mooring.rpc.JsonRpcDispatcher}), basic auth with a cookie
 * file, {@code -rpcuser/-rpcpassword} and {@code -rpcauth} ({@link io.mooring.rpc.RpcAuth}), Core's error codes
 * ({@link io.mooring.rpc.RpcErrorCode}), the method table with named arguments and Core-style help
 * ({@link io.mooring.rpc.RpcMethods}, {@link io.mooring.rpc.RpcMethod}), and the bitcoin-cli-like client
 * ({@link io.mooring.rpc.RpcClient}, {@link io.mooring.rpc.RpcCli}).
 *
 * <p>Owns: the RPC wire format and authentication. Must not touch: node state directly; methods read and change
 * state through the node loop (register them with {@code RpcMethod.Builder#handler(Executor, RpcHandler)} using the
 * node thread's executor). Never blocks Netty's event loop.
 */
package io.mooring.rpc;
