package io.mooring.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One RPC method: Core's {@code CRPCCommand} plus its {@code RPCHelpMan}. Built with {@link #builder(String)}:
 *
 * <pre>{@code
 * RpcMethod m = RpcMethod.builder("getconnectioncount")
 *         .category("network")
 *         .description("Returns the number of connections to other nodes.")
 *         .result(RpcResult.of(RpcResult.Type.NUM, "The connection count"))
 *         .examples(RpcMethod.exampleCli("getconnectioncount", "") + RpcMethod.exampleRpc("getconnectioncount", ""))
 *         .handler(nodeExecutor, (ctx, params) -> IntNode.valueOf(node.connectionCount()))
 *         .build();
 * }</pre>
 *
 * @param category Core's category ("control", "network", ...); "hidden" methods are left out of the help list
 */
public record RpcMethod(String name, String category, String description, List<RpcArg> args,
        List<RpcResult> results, String examples, AsyncRpcHandler handler) {

    /** The category Core gives to test-only methods; they do not appear in {@code help}. */
    public static final String HIDDEN = "hidden";

    public RpcMethod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(description, "description");
        args = List.copyOf(args);
        results = List.copyOf(results);
        examples = examples == null ? "" : examples;
        Objects.requireNonNull(handler, "handler");
        Set<String> seen = new HashSet<>();
        for (RpcArg a : args) {
            for (String alias : a.aliases()) {
                if (!seen.add(alias)) throw new IllegalArgumentException(name + ": duplicate argument name " + alias);
            }
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public boolean hidden() {
        return HIDDEN.equals(category);
    }

    /** The parameter at {@code index}, or {@code NullNode} when it was not given. */
    public static JsonNode param(List<JsonNode> params, int index) {
        if (index >= params.size()) return NullNode.getInstance();
        JsonNode v = params.get(index);
        return v == null ? NullNode.getInstance() : v;
    }

    /** Core's {@code HelpExampleCli}, for the Mooring client. */
    public static String exampleCli(String method, String args) {
        return "> mooring rpc " + method + " " + args + "\n";
    }

    /** Core's {@code HelpExampleRpc} (curl with a JSON-RPC 2.0 body). */
    public static String exampleRpc(String method, String args) {
        return "> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", \"method\": \""
                + method + "\", \"params\": [" + args + "]}' -H 'content-type: application/json' http://127.0.0.1:8332/\n";
    }

    /** Core's {@code GetArgNames}: each argument's name pattern and whether it is named-only. */
    List<Map.Entry<String, Boolean>> argNames() {
        List<Map.Entry<String, Boolean>> ret = new ArrayList<>();
        for (RpcArg arg : args) {
            if (arg.type() == RpcArg.Type.OBJ_NAMED_PARAMS) {
                for (RpcArg inner : arg.inner()) ret.add(Map.entry(inner.names(), true));
            }
            ret.add(Map.entry(arg.names(), false));
        }
        return ret;
    }

    /** Core's {@code RPCHelpMan::IsValidNumArgs}. */
    public boolean isValidNumArgs(int count) {
        int required = 0;
        for (int n = args.size(); n > 0; n--) {
            if (!args.get(n - 1).isOptional()) {
                required = n;
                break;
            }
        }
        return required <= count && count <= args.size();
    }

    /** Core's type check in {@code RPCHelpMan::HandleRequest}: throws RPC_TYPE_ERROR "Wrong type passed". */
    void checkTypes(List<JsonNode> params) throws RpcException {
        ObjectNode mismatch = UniJson.NODES.objectNode();
        for (int i = 0; i < args.size(); i++) {
            RpcArg arg = args.get(i);
            String m = arg.mismatch(param(params, i));
            if (m != null) mismatch.put("Position " + (i + 1) + " (" + arg.names() + ")", m);
        }
        if (!mismatch.isEmpty()) {
            throw RpcException.typeError("Wrong type passed:\n" + UniJson.write(mismatch, 4));
        }
    }

    /** Core's {@code RPCHelpMan::ToString}: the full help of this method (also its usage error text). */
    public String helpText() {
        StringBuilder ret = new StringBuilder(name);
        boolean wasOptional = false;
        for (RpcArg arg : args) {
            if (arg.hidden()) break;
            boolean optional = arg.isOptional();
            ret.append(' ');
            if (optional) {
                if (!wasOptional) ret.append("( ");
                wasOptional = true;
            } else {
                if (wasOptional) ret.append(") ");
                wasOptional = false;
            }
            ret.append(arg.toText(true));
        }
        if (wasOptional) ret.append(" )");
        ret.append("\n\n").append(description.strip()).append('\n');

        HelpSections sections = new HelpSections();
        HelpSections namedOnly = new HelpSections();
        for (int i = 0; i < args.size(); i++) {
            RpcArg arg = args.get(i);
            if (arg.hidden()) break;
            sections.push((i + 1) + ". " + arg.firstName(), arg.descriptionText(true));
            sections.pushArg(arg);
            if (arg.type() == RpcArg.Type.OBJ_NAMED_PARAMS) {
                for (RpcArg inner : arg.inner()) {
                    namedOnly.push(inner.firstName(), inner.descriptionText(true));
                    namedOnly.pushArg(inner);
                }
            }
        }
        if (!sections.isEmpty()) ret.append("\nArguments:\n");
        ret.append(sections.render());
        if (!namedOnly.isEmpty()) ret.append("\nNamed Arguments:\n");
        ret.append(namedOnly.render());

        for (RpcResult r : results) {
            if (r.type() == RpcResult.Type.ANY) continue;
            ret.append(r.cond().isEmpty() ? "\nResult:\n" : "\nResult (" + r.cond() + "):\n");
            HelpSections rs = new HelpSections();
            r.toSections(rs);
            ret.append(rs.render());
        }
        if (!examples.isEmpty()) ret.append("\nExamples:\n").append(examples);
        return ret.toString();
    }

    public static final class Builder {
        private final String name;
        private String category = "control";
        private String description = "";
        private final List<RpcArg> args = new ArrayList<>();
        private final List<RpcResult> results = new ArrayList<>();
        private String examples = "";
        private AsyncRpcHandler handler;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder category(String category) {
            this.category = category;
            return this;
        }

        /** Puts the method in Core's "hidden" category: callable, documented on request, not listed by help. */
        public Builder hidden() {
            this.category = HIDDEN;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder args(RpcArg... args) {
            this.args.addAll(Arrays.asList(args));
            return this;
        }

        public Builder result(RpcResult... results) {
            this.results.addAll(Arrays.asList(results));
            return this;
        }

        public Builder examples(String examples) {
            this.examples = examples;
            return this;
        }

        /** Runs the body on an RPC worker thread. */
        public Builder handler(RpcHandler body) {
            Objects.requireNonNull(body, "body");
            this.handler = (ctx, params) -> {
                try {
                    return CompletableFuture.completedFuture(body.call(ctx, params));
                } catch (RpcException e) {
                    return CompletableFuture.failedFuture(e);
                }
            };
            return this;
        }

        /**
         * Runs the body on {@code executor} (e.g. the node's protocol thread) and completes the reply from there;
         * no RPC or Netty thread waits for it.
         */
        public Builder handler(Executor executor, RpcHandler body) {
            Objects.requireNonNull(executor, "executor");
            Objects.requireNonNull(body, "body");
            this.handler = (ctx, params) -> {
                CompletableFuture<JsonNode> f = new CompletableFuture<>();
                try {
                    executor.execute(() -> {
                        try {
                            f.complete(body.call(ctx, params));
                        } catch (Throwable t) {
                            f.completeExceptionally(t);
                        }
                    });
                } catch (RuntimeException rejected) {
                    f.completeExceptionally(rejected);
                }
                return f;
            };
            return this;
        }

        /** A body that returns a stage and completes it when it likes. */
        public Builder asyncHandler(AsyncRpcHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        public RpcMethod build() {
            if (handler == null) throw new IllegalStateException(name + ": no handler");
            return new RpcMethod(name, category, description, args, results, examples, handler);
        }
    }
}
