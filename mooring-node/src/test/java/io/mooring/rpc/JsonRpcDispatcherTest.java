package io.mooring.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Core's test/functional/interface_rpc.py, against the dispatcher without HTTP. */
class JsonRpcDispatcherTest {
    static final String GENESIS = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
    final AtomicInteger blocks = new AtomicInteger();
    final RpcMethods methods = new RpcMethods();
    final JsonRpcDispatcher dispatcher = new JsonRpcDispatcher(methods);

    JsonRpcDispatcherTest() {
        BuiltinMethods.registerAll(methods, Clock.systemUTC(), Instant.now(), () -> {});
        methods.register(RpcMethod.builder("getblockcount").category("blockchain")
                .description("Returns the height of the most-work fully-validated chain.")
                .handler((ctx, p) -> IntNode.valueOf(blocks.get())).build());
        methods.register(RpcMethod.builder("getblockhash").category("blockchain")
                .description("Returns hash of block in best-block-chain at height provided.")
                .args(RpcArg.required("height", RpcArg.Type.NUM, "The height index"))
                .handler((ctx, p) -> {
                    if (p.getFirst().asInt() != 0) throw RpcException.invalidParameter("Block height out of range");
                    return TextNode.valueOf(GENESIS);
                }).build());
        methods.register(RpcMethod.builder("generate").category("generating")
                .description("test").args(RpcArg.required("n", RpcArg.Type.NUM, ""))
                .handler((ctx, p) -> IntNode.valueOf(blocks.addAndGet(p.getFirst().asInt()))).build());
    }

    JsonRpcDispatcher.Reply send(String body) {
        return dispatcher.handle(body.getBytes(StandardCharsets.UTF_8), "u", null, "/", Runnable::run).join();
    }

    JsonNode json(JsonRpcDispatcher.Reply r) {
        return UniJson.read(r.body());
    }

    @Test
    void parseErrorsAreHttp500WithNullIdInLegacyForm() {
        for (String bad : new String[] {"", "this is bad", "{\"method\":"}) {
            JsonRpcDispatcher.Reply r = send(bad);
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("{\"result\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}\n");
        }
        JsonRpcDispatcher.Reply scalar = send("42");
        assertThat(scalar.status()).isEqualTo(500);
        assertThat(json(scalar).at("/error/message").asText()).isEqualTo("Top-level object parse error");
    }

    @Test
    void legacyRepliesCarryResultAndErrorAndStatusFollowsTheError() {
        JsonRpcDispatcher.Reply ok = send("{\"method\":\"getblockhash\",\"params\":[0],\"id\":7}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"result\":\"" + GENESIS + "\",\"error\":null,\"id\":7}\n");
        JsonRpcDispatcher.Reply notFound = send("{\"version\":\"1.1\",\"method\":\"invalidmethod\",\"id\":0}");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.body()).isEqualTo(
                "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":0}\n");
        JsonRpcDispatcher.Reply invalidParam = send("{\"method\":\"getblockhash\",\"params\":[42],\"id\":0}");
        assertThat(invalidParam.status()).isEqualTo(500);
        assertThat(json(invalidParam).at("/error/code").asInt()).isEqualTo(-8);
        JsonRpcDispatcher.Reply missing = send("{\"id\":1}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(json(missing).at("/error/message").asText()).isEqualTo("Missing method");
    }

    @Test
    void v2RepliesOnlyResultOrErrorWithHttp200() {
        JsonRpcDispatcher.Reply ok = send("{\"jsonrpc\":\"2.0\",\"method\":\"getblockhash\",\"params\":[0],\"id\":0}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"" + GENESIS + "\",\"id\":0}\n");
        JsonRpcDispatcher.Reply notFound = send("{\"jsonrpc\":\"2.0\",\"method\":\"invalidmethod\",\"id\":0}");
        assertThat(notFound.status()).isEqualTo(200);
        assertThat(notFound.body()).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":0}\n");
        assertThat(send("{\"jsonrpc\":\"2.0\",\"method\":\"getblockhash\",\"params\":[42],\"id\":0}").status())
                .isEqualTo(200);
    }

    @Test
    void badJsonrpcFieldsAreInvalidRequestsWithoutId() {
        JsonRpcDispatcher.Reply notString = send("{\"jsonrpc\":2,\"method\":\"getblockcount\"}");
        assertThat(notString.status()).isEqualTo(400);
        assertThat(json(notString)).isEqualTo(UniJson.read(
                "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"jsonrpc field must be a string\"}}"));
        JsonRpcDispatcher.Reply version = send("{\"jsonrpc\":\"3.0\",\"method\":\"getblockcount\"}");
        assertThat(version.status()).isEqualTo(400);
        assertThat(json(version)).isEqualTo(UniJson.read(
                "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"JSON-RPC version not supported\"}}"));
    }

    @Test
    void notificationsRunButGetNoContent() {
        JsonRpcDispatcher.Reply idNull = send("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"getblockcount\"}");
        assertThat(idNull.status()).isEqualTo(200);
        assertThat(json(idNull).get("result").asInt()).isZero();
        JsonRpcDispatcher.Reply legacyNoId = send("{\"method\":\"getblockcount\"}");
        assertThat(legacyNoId.status()).isEqualTo(200);
        assertThat(legacyNoId.body()).isEqualTo("{\"result\":0,\"error\":null}\n");
        JsonRpcDispatcher.Reply n = send("{\"jsonrpc\":\"2.0\",\"method\":\"generate\",\"params\":[1]}");
        assertThat(n.status()).isEqualTo(204);
        assertThat(n.body()).isNull();
        assertThat(blocks.get()).isEqualTo(1);
        JsonRpcDispatcher.Reply invalid = send("{\"jsonrpc\":\"2.0\",\"method\":\"generate\",\"params\":[\"x\"]}");
        assertThat(invalid.status()).isEqualTo(204);
        assertThat(blocks.get()).isEqualTo(1);
    }

    /** interface_rpc.py test_batch_request: good, unknown, good, and malformed calls. */
    String batch(String version, boolean[] notification) {
        String[] calls = {"\"method\":\"getblockcount\"", "\"method\":\"invalidmethod\"",
            "\"method\":\"getblockhash\",\"params\":[0]", "\"pizza\":\"sausage\""};
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < calls.length; i++) {
            if (i > 0) b.append(',');
            b.append('{');
            if (version != null) b.append(version).append(',');
            if (!notification[i]) b.append("\"id\":").append(i + 1).append(',');
            b.append(calls[i]).append('}');
        }
        return b.append(']').toString();
    }

    @Test
    void batchesMixGoodAndBadCallsInOrderWithHttp200() {
        JsonRpcDispatcher.Reply r = send(batch("\"jsonrpc\":\"2.0\"", new boolean[4]));
        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r)).isEqualTo(UniJson.read("["
                + "{\"jsonrpc\":\"2.0\",\"result\":0,\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":2},"
                + "{\"jsonrpc\":\"2.0\",\"result\":\"" + GENESIS + "\",\"id\":3},"
                + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Missing method\"},\"id\":4}]"));
        JsonRpcDispatcher.Reply legacy = send(batch("\"version\":\"1.1\"", new boolean[4]));
        assertThat(legacy.status()).isEqualTo(200);
        assertThat(json(legacy).get(1)).isEqualTo(UniJson.read(
                "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":2}"));
        JsonRpcDispatcher.Reply unsupported = send(batch("\"jsonrpc\":\"2.1\"", new boolean[4]));
        assertThat(json(unsupported).get(0)).isEqualTo(UniJson.read(
                "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"JSON-RPC version not supported\"},\"id\":1}"));
    }

    @Test
    void batchNotificationsAreLeftOutAndAllNotificationBatchIs204() {
        JsonRpcDispatcher.Reply some = send(batch("\"jsonrpc\":\"2.0\"", new boolean[] {true, false, false, false}));
        assertThat(some.status()).isEqualTo(200);
        assertThat(json(some)).hasSize(3);
        assertThat(json(some).get(0).get("id").asInt()).isEqualTo(2);
        JsonRpcDispatcher.Reply all = send(batch("\"jsonrpc\":\"2.0\"", new boolean[] {true, true, true, true}));
        assertThat(all.status()).isEqualTo(204);
        JsonRpcDispatcher.Reply legacyNoIds = send(batch(null, new boolean[] {true, true, true, true}));
        assertThat(legacyNoIds.status()).isEqualTo(200);
        assertThat(json(legacyNoIds).get(0)).isEqualTo(UniJson.read("{\"result\":0,\"error\":null}"));
        JsonRpcDispatcher.Reply empty = send("[]");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).isEqualTo("[]\n");
    }

    @Test
    void nonObjectBatchElementReusesThePreviousIdAsCore() {
        JsonRpcDispatcher.Reply r = send("[{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"getblockcount\"},7]");
        assertThat(json(r).get(1)).isEqualTo(UniJson.read(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request object\"},\"id\":5}"));
    }

    @Test
    void paramsMustBeArrayOrObject() {
        JsonRpcDispatcher.Reply r = send("{\"method\":\"getblockcount\",\"params\":3,\"id\":1}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r).at("/error/message").asText()).isEqualTo("Params must be an array or object");
    }
}
