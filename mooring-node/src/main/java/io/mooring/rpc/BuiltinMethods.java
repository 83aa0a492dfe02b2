package io.mooring.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Core's control methods (src/rpc/server.cpp: help, stop, uptime) and hidden test helpers (echo, echojson). */
public final class BuiltinMethods {
    /** Core's {@code CLIENT_NAME " stopping"}, for Mooring. */
    public static final String STOPPING = "Mooring stopping";

    private BuiltinMethods() {}

    /**
     * Registers help, stop, uptime, echo and echojson.
     *
     * @param clock        the clock uptime reads
     * @param startTime    when the node started (uptime counts from here)
     * @param shutdownHook called by {@code stop}; must not block (request the shutdown, do not perform it)
     */
    public static void registerAll(RpcMethods table, Clock clock, Instant startTime, Runnable shutdownHook) {
        table.register(help(table));
        table.register(stop(shutdownHook));
        table.register(uptime(clock, startTime));
        table.register(echo("echo"));
        table.register(echo("echojson"));
    }

    public static RpcMethod help(RpcMethods table) {
        return RpcMethod.builder("help")
                .category("control")
                .description("List all commands, or get help for a specified command.\n")
                .args(RpcArg.withHint("command", RpcArg.Type.STR, "all commands", "The command to get help on"))
                .result(RpcResult.of(RpcResult.Type.STR, "The help text"), RpcResult.of(RpcResult.Type.ANY, ""))
                .handler((ctx, params) -> {
                    JsonNode command = RpcMethod.param(params, 0);
                    return TextNode.valueOf(table.help(command.isNull() ? "" : command.textValue()));
                })
                .build();
    }

    public static RpcMethod stop(Runnable shutdownHook) {
        return RpcMethod.builder("stop")
                .category("control")
                .description("Request a graceful shutdown of Mooring.")
                .args(RpcArg.optional("wait", RpcArg.Type.NUM, "how long to wait in ms").asHidden())
                .result(RpcResult.of(RpcResult.Type.STR, "A string with the content '" + STOPPING + "'"))
                .asyncHandler((ctx, params) -> {
                    // Core: the event loop exits after current requests are handled, so this reply still goes out.
                    shutdownHook.run();
                    JsonNode wait = RpcMethod.param(params, 0);
                    JsonNode result = TextNode.valueOf(STOPPING);
                    if (wait.isNumber() && wait.asLong() > 0) {
                        return CompletableFuture.supplyAsync(() -> result,
                                CompletableFuture.delayedExecutor(wait.asLong(), TimeUnit.MILLISECONDS));
                    }
                    return CompletableFuture.completedFuture(result);
                })
                .build();
    }

    public static RpcMethod uptime(Clock clock, Instant startTime) {
        return RpcMethod.builder("uptime")
                .category("control")
                .description("Returns the total uptime of the server.\n")
                .result(RpcResult.of(RpcResult.Type.NUM, "The number of seconds that the server has been running"))
                .examples(RpcMethod.exampleCli("uptime", "") + RpcMethod.exampleRpc("uptime", ""))
                .handler((ctx, params) -> LongNode.valueOf(
                        Math.max(0, Duration.between(startTime, clock.instant()).toSeconds())))
                .build();
    }

    public static RpcMethod echo(String name) {
        RpcArg[] args = new RpcArg[10];
        for (int i = 0; i < 10; i++) {
            args[i] = RpcArg.optional("arg" + i, RpcArg.Type.STR, "").withoutTypeCheck();
        }
        return RpcMethod.builder(name)
                .hidden()
                .description("\nSimply echo back the input arguments. This command is for testing.\n"
                        + "\nIt will return an internal bug report when arg9='trigger_internal_bug' is passed.\n"
                        + "\nThe difference between echo and echojson is that echojson has argument conversion enabled "
                        + "in the client-side table in mooring rpc. There is no server-side difference.")
                .args(args)
                .result(RpcResult.of(RpcResult.Type.ANY, "Returns whatever was passed in"))
                .handler((ctx, params) -> {
                    JsonNode arg9 = RpcMethod.param(params, 9);
                    if (arg9.isTextual() && arg9.textValue().equals("trigger_internal_bug")) {
                        throw RpcException.misc("Internal bug detected: request.params[9].get_str() != "
                                + "\"trigger_internal_bug\"");
                    }
                    return RpcMethods.toArray(params);
                })
                .build();
    }
}
