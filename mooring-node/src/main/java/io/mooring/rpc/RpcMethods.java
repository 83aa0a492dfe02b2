package io.mooring.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The method table: Core's {@code CRPCTable}. Dispatches a call by name, maps named parameters to positions
 * ({@code transformNamedArguments}), checks the parameter count (the method's help text as RPC_MISC_ERROR, as Core's
 * usage errors) and types, then runs the handler. Thread-safe; methods may be registered at any time.
 */
public final class RpcMethods {
    private final Map<String, RpcMethod> methods = new ConcurrentHashMap<>();
    private volatile String warmupStatus;

    /** Adds a method; a method of the same name is replaced. */
    public RpcMethods register(RpcMethod method) {
        methods.put(method.name(), method);
        return this;
    }

    public boolean unregister(String name) {
        return methods.remove(name) != null;
    }

    public Optional<RpcMethod> get(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    /** Method names, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>(methods.keySet());
        Collections.sort(names);
        return names;
    }

    /**
     * Core's RPC warmup: while a status is set every call fails with RPC_IN_WARMUP (-28) and the status as message.
     * Null ends the warmup.
     */
    public void setWarmupStatus(String status) {
        this.warmupStatus = status;
    }

    public Optional<String> warmupStatus() {
        return Optional.ofNullable(warmupStatus);
    }

    /**
     * Core's {@code CRPCTable::execute}: runs {@code method} with {@code params} (array or object). The future fails
     * with an {@link RpcException} for every JSON-RPC error.
     */
    public CompletableFuture<JsonNode> execute(RpcRequestContext context, JsonNode params) {
        try {
            String warmup = warmupStatus;
            if (warmup != null) throw new RpcException(RpcErrorCode.RPC_IN_WARMUP, warmup);
            RpcMethod method = methods.get(context.method());
            if (method == null) throw new RpcException(RpcErrorCode.RPC_METHOD_NOT_FOUND, "Method not found");
            List<JsonNode> positional = params != null && params.isObject()
                    ? transformNamedArguments((ObjectNode) params, method.argNames())
                    : toList(params);
            if (!method.isValidNumArgs(positional.size())) throw RpcException.misc(method.helpText());
            method.checkTypes(positional);
            CompletionStage<JsonNode> stage = method.handler().call(context, Collections.unmodifiableList(positional));
            if (stage == null) throw new RpcException(RpcErrorCode.RPC_INTERNAL_ERROR, "handler returned no result");
            return stage.toCompletableFuture()
                    .handle((value, error) -> {
                        if (error != null) throw new CompletionException(toRpcException(error));
                        return value == null ? (JsonNode) NullNode.getInstance() : value;
                    });
        } catch (RpcException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(toRpcException(e));
        }
    }

    /** Unwraps completion wrappers; anything but an RpcException becomes RPC_MISC_ERROR with its message. */
    public static RpcException toRpcException(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RpcException e) return e;
        String message = t.getMessage();
        return RpcException.misc(message == null ? t.getClass().getSimpleName() : message);
    }

    private static List<JsonNode> toList(JsonNode params) {
        List<JsonNode> out = new ArrayList<>();
        if (params != null && params.isArray()) params.forEach(out::add);
        return out;
    }

    /** Core's {@code transformNamedArguments} (src/rpc/server.cpp). */
    static List<JsonNode> transformNamedArguments(ObjectNode in, List<Map.Entry<String, Boolean>> argNames)
            throws RpcException {
        List<JsonNode> out = new ArrayList<>();
        // Jackson keeps the last of duplicate keys; Core rejects them ("specified multiple times") at this point.
        Map<String, JsonNode> argsIn = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            argsIn.put(e.getKey(), e.getValue());
        }
        int hole = 0;
        int initialHoleSize = 0;
        String initialParam = null;
        ObjectNode options = UniJson.NODES.objectNode();
        for (Map.Entry<String, Boolean> entry : argNames) {
            String pattern = entry.getKey();
            boolean namedOnly = entry.getValue();
            String found = null;
            for (String alias : pattern.split("\\|", -1)) {
                if (argsIn.containsKey(alias)) {
                    found = alias;
                    break;
                }
            }
            if (namedOnly) {
                if (found != null) {
                    if (options.has(found)) {
                        throw RpcException.invalidParameter("Parameter " + found + " specified multiple times");
                    }
                    options.set(found, argsIn.remove(found));
                }
                continue;
            }
            if (!options.isEmpty() || found != null) {
                for (int i = 0; i < hole; i++) out.add(NullNode.getInstance());
                hole = 0;
                if (initialParam == null) initialParam = pattern;
            } else {
                hole += 1;
                if (out.isEmpty()) initialHoleSize = hole;
            }
            if (found != null) {
                if (!options.isEmpty()) {
                    throw RpcException.invalidParameter("Parameter " + found + " conflicts with parameter "
                            + options.fieldNames().next());
                }
                out.add(argsIn.remove(found));
            }
            if (!options.isEmpty()) {
                out.add(options);
                options = UniJson.NODES.objectNode();
            }
        }
        JsonNode positionalArgs = argsIn.remove("args");
        if (positionalArgs != null && positionalArgs.isArray()) {
            if (initialHoleSize < positionalArgs.size() && initialParam != null) {
                throw RpcException.invalidParameter("Parameter " + initialParam
                        + " specified twice both as positional and named argument");
            }
            List<JsonNode> named = out;
            out = new ArrayList<>();
            positionalArgs.forEach(out::add);
            for (int i = out.size(); i < named.size(); i++) out.add(named.get(i));
        }
        if (!argsIn.isEmpty()) {
            // Core reports the first key of an unordered_map; we report the first unknown key in request order.
            throw RpcException.invalidParameter("Unknown named parameter " + argsIn.keySet().iterator().next());
        }
        return out;
    }

    /** Core's {@code CRPCTable::help}: all visible methods by category, or one method's full help. */
    public String help(String command) {
        String strCommand = command == null ? "" : command;
        List<RpcMethod> sorted = new ArrayList<>(methods.values());
        sorted.sort(Comparator.comparing((RpcMethod m) -> m.category() + m.name()));
        StringBuilder ret = new StringBuilder();
        String category = "";
        for (RpcMethod m : sorted) {
            if ((!strCommand.isEmpty() || m.hidden()) && !m.name().equals(strCommand)) continue;
            String text = m.helpText();
            if (strCommand.isEmpty()) {
                int nl = text.indexOf('\n');
                if (nl >= 0) text = text.substring(0, nl);
                if (!category.equals(m.category())) {
                    if (!category.isEmpty()) ret.append('\n');
                    category = m.category();
                    ret.append("== ").append(capitalize(category)).append(" ==\n");
                }
            }
            ret.append(text).append('\n');
        }
        if (ret.isEmpty()) ret.append("help: unknown command: ").append(strCommand).append('\n');
        return ret.substring(0, ret.length() - 1);
    }

    private static String capitalize(String s) {
        if (s.isEmpty()) return s;
        char c = s.charAt(0);
        return (c >= 'a' && c <= 'z' ? String.valueOf((char) (c - 32)) : String.valueOf(c)) + s.substring(1);
    }

    /** All parameters as an array node (for echo-style methods). */
    static ArrayNode toArray(List<JsonNode> params) {
        ArrayNode a = UniJson.NODES.arrayNode();
        params.forEach(p -> a.add(p == null ? NullNode.getInstance() : p));
        return a;
    }
}
