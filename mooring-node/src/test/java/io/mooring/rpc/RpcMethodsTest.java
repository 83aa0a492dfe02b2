package io.mooring.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RpcMethodsTest {
    final RpcTestSupport.MutableClock clock = new RpcTestSupport.MutableClock();
    final AtomicInteger stops = new AtomicInteger();
    final RpcMethods methods = new RpcMethods();

    RpcMethodsTest() {
        BuiltinMethods.registerAll(methods, clock, clock.instant(), stops::incrementAndGet);
        methods.register(RpcMethod.builder("getblockheader").category("blockchain")
                .description("If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\nIf verbose is true, returns an Object with information about blockheader <hash>.\n")
                .args(RpcArg.required("blockhash", RpcArg.Type.STR_HEX, "The block hash"),
                        RpcArg.withDefault("verbose", RpcArg.Type.BOOL, UniJson.NODES.booleanNode(true),
                                "true for a json object, false for the hex-encoded data"))
                .result(RpcResult.nested(RpcResult.Type.OBJ, "",
                                RpcResult.field(RpcResult.Type.STR_HEX, "hash", "the block hash (same as provided)"),
                                RpcResult.field(RpcResult.Type.NUM, "height", "The block height or index"))
                                .when("for verbose = true"),
                        RpcResult.of(RpcResult.Type.STR_HEX, "A string that is serialized, hex-encoded data for block 'hash'")
                                .when("for verbose=false"))
                .examples(RpcMethod.exampleCli("getblockheader", "\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\""))
                .handler((ctx, p) -> RpcMethods.toArray(p)).build());
    }

    JsonNode call(String method, String params) {
        return methods.execute(RpcRequestContext.local(method), UniJson.read(params)).join();
    }

    RpcException error(String method, String params) {
        try {
            call(method, params);
        } catch (CompletionException e) {
            return (RpcException) e.getCause();
        }
        throw new AssertionError("no error");
    }

    @Test
    void unknownMethod() {
        RpcException e = error("nosuch", "[]");
        assertThat(e.code()).isEqualTo(-32601);
        assertThat(e.getMessage()).isEqualTo("Method not found");
    }

    @Test
    void wrongParameterCountGivesTheMethodsHelpAsMiscError() {
        RpcException e = error("uptime", "[1]");
        assertThat(e.code()).isEqualTo(-1);
        assertThat(e.getMessage()).isEqualTo("""
                uptime

                Returns the total uptime of the server.

                Result:
                n    (numeric) The number of seconds that the server has been running

                Examples:
                > mooring rpc uptime\s
                > curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "uptime", "params": []}' -H 'content-type: application/json' http://127.0.0.1:8332/
                """);
        assertThat(error("getblockheader", "[]").getMessage()).startsWith("getblockheader \"blockhash\" ( verbose )\n");
    }

    @Test
    void helpTextFollowsCoresLayout() {
        assertThat(methods.get("getblockheader").orElseThrow().helpText()).isEqualTo("""
                getblockheader "blockhash" ( verbose )

                If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.
                If verbose is true, returns an Object with information about blockheader <hash>.

                Arguments:
                1. blockhash    (string, required) The block hash
                2. verbose      (boolean, optional, default=true) true for a json object, false for the hex-encoded data

                Result (for verbose = true):
                {                    (json object)
                  "hash" : "hex",    (string) the block hash (same as provided)
                  "height" : n       (numeric) The block height or index
                }

                Result (for verbose=false):
                "hex"    (string) A string that is serialized, hex-encoded data for block 'hash'

                Examples:
                > mooring rpc getblockheader "00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"
                """);
    }

    @Test
    void typeMismatchIsWrongTypePassed() {
        RpcException e = error("getblockheader", "[1, \"x\"]");
        assertThat(e.code()).isEqualTo(-3);
        assertThat(e.getMessage()).isEqualTo("Wrong type passed:\n{\n"
                + "    \"Position 1 (blockhash)\": \"JSON value of type number is not of expected type string\",\n"
                + "    \"Position 2 (verbose)\": \"JSON value of type string is not of expected type bool\"\n}");
        assertThat(call("getblockheader", "[\"ab\", null]")).isEqualTo(UniJson.read("[\"ab\", null]"));
    }

    @Test
    void namedParametersMapToPositionsAndHolesBecomeNull() {
        assertThat(call("echo", "{\"arg1\":\"x\"}")).isEqualTo(UniJson.read("[null,\"x\"]"));
        assertThat(call("echo", "{\"arg0\":1,\"arg2\":true}")).isEqualTo(UniJson.read("[1,null,true]"));
        assertThat(call("getblockheader", "{\"verbose\":false,\"blockhash\":\"ab\"}"))
                .isEqualTo(UniJson.read("[\"ab\",false]"));
        assertThat(call("echo", "{}")).isEqualTo(UniJson.read("[]"));
    }

    @Test
    void unknownNamedParameterIsInvalidParameter() {
        RpcException e = error("echo", "{\"arg0\":1,\"foo\":2}");
        assertThat(e.code()).isEqualTo(-8);
        assertThat(e.getMessage()).isEqualTo("Unknown named parameter foo");
    }

    @Test
    void argsParameterMixesPositionalAndNamed() {
        assertThat(call("echo", "{\"args\":[1,2],\"arg3\":4}")).isEqualTo(UniJson.read("[1,2,null,4]"));
        RpcException e = error("echo", "{\"args\":[1,2],\"arg1\":4}");
        assertThat(e.code()).isEqualTo(-8);
        assertThat(e.getMessage()).isEqualTo("Parameter arg1 specified twice both as positional and named argument");
    }

    @Test
    void helpListsVisibleMethodsByCategory() {
        String all = call("help", "[]").textValue();
        assertThat(all).isEqualTo("""
                == Blockchain ==
                getblockheader "blockhash" ( verbose )

                == Control ==
                help ( "command" )
                stop
                uptime""");
        assertThat(call("help", "[\"echo\"]").textValue()).startsWith("echo ( \"arg0\" \"arg1\" ");
        assertThat(call("help", "[\"nosuch\"]").textValue()).isEqualTo("help: unknown command: nosuch");
        assertThat(call("help", "{\"command\":\"stop\"}").textValue())
                .isEqualTo("stop\n\nRequest a graceful shutdown of Mooring.\n\nResult:\n"
                        + "\"str\"    (string) A string with the content 'Mooring stopping'\n");
    }

    @Test
    void uptimeCountsSecondsOnTheInjectedClock() {
        assertThat(call("uptime", "[]").asLong()).isZero();
        clock.advance(Duration.ofSeconds(3661).plusMillis(900));
        assertThat(call("uptime", "[]").asLong()).isEqualTo(3661);
    }

    @Test
    void stopCallsTheHookAndAnswersMooringStopping() {
        assertThat(call("stop", "[]")).isEqualTo(TextNode.valueOf("Mooring stopping"));
        assertThat(stops.get()).isEqualTo(1);
        long t0 = System.nanoTime();
        assertThat(call("stop", "[50]").textValue()).isEqualTo("Mooring stopping");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(45));
    }

    @Test
    void warmupRejectsEveryCall() {
        methods.setWarmupStatus("Loading block index…");
        RpcException e = error("uptime", "[]");
        assertThat(e.code()).isEqualTo(-28);
        assertThat(e.getMessage()).isEqualTo("Loading block index…");
        methods.setWarmupStatus(null);
        assertThat(call("uptime", "[]").isNumber()).isTrue();
    }

    @Test
    void asyncHandlersRunOnTheGivenExecutor() {
        var node = Executors.newSingleThreadExecutor(r -> new Thread(r, "node-thread"));
        try {
            methods.register(RpcMethod.builder("whoami").description("thread name")
                    .handler(node, (ctx, p) -> TextNode.valueOf(Thread.currentThread().getName())).build());
            assertThat(call("whoami", "[]").textValue()).isEqualTo("node-thread");
            methods.register(RpcMethod.builder("fails").description("x")
                    .handler(node, (ctx, p) -> {
                        throw new IllegalStateException("boom");
                    }).build());
            RpcException e = error("fails", "[]");
            assertThat(e.code()).isEqualTo(-1);
            assertThat(e.getMessage()).isEqualTo("boom");
        } finally {
            node.shutdownNow();
        }
    }

    @Test
    void echoReturnsParamsAndTriggersInternalBug() {
        assertThat(call("echojson", "[1,{\"a\":2}]")).isEqualTo(UniJson.read("[1,{\"a\":2}]"));
        assertThatThrownBy(() -> call("echo", "[0,1,2,3,4,5,6,7,8,\"trigger_internal_bug\"]"))
                .hasCauseInstanceOf(RpcException.class);
    }
}
