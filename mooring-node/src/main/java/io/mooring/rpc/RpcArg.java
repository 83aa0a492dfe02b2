package io.mooring.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One declared argument of an RPC method, as Core's {@code RPCArg}: its name (aliases separated by {@code |}), type,
 * whether it is required or how it defaults, its description, and for objects and arrays the inner fields. The names
 * drive named-argument mapping; the type drives Core's type check ("Wrong type passed") and the help text.
 */
public record RpcArg(
        String names,
        Type type,
        Fallback fallback,
        String description,
        List<RpcArg> inner,
        boolean hidden,
        boolean skipTypeCheck,
        String onelineDescription) {

    /** Core's {@code RPCArg::Type}. */
    public enum Type { OBJ, ARR, STR, NUM, BOOL, OBJ_NAMED_PARAMS, OBJ_USER_KEYS, AMOUNT, STR_HEX, RANGE }

    /** Core's {@code RPCArg::Fallback}: Optional::NO, Optional::OMITTED, DefaultHint or Default. */
    public sealed interface Fallback {
        record Required() implements Fallback {}

        record Omitted() implements Fallback {}

        record DefaultHint(String hint) implements Fallback {}

        record DefaultValue(JsonNode value) implements Fallback {}
    }

    public RpcArg {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(description, "description");
        inner = List.copyOf(inner);
        onelineDescription = onelineDescription == null ? "" : onelineDescription;
    }

    public static RpcArg required(String names, Type type, String description) {
        return new RpcArg(names, type, new Fallback.Required(), description, List.of(), false, false, "");
    }

    /** Optional without a default (Core's {@code Optional::OMITTED}). */
    public static RpcArg optional(String names, Type type, String description) {
        return new RpcArg(names, type, new Fallback.Omitted(), description, List.of(), false, false, "");
    }

    /** Optional with a default described in words (Core's {@code DefaultHint}). */
    public static RpcArg withHint(String names, Type type, String hint, String description) {
        return new RpcArg(names, type, new Fallback.DefaultHint(hint), description, List.of(), false, false, "");
    }

    /** Optional with a default value (Core's {@code Default}). */
    public static RpcArg withDefault(String names, Type type, JsonNode value, String description) {
        return new RpcArg(names, type, new Fallback.DefaultValue(value), description, List.of(), false, false, "");
    }

    public RpcArg withInner(RpcArg... fields) {
        return new RpcArg(names, type, fallback, description, Arrays.asList(fields), hidden, skipTypeCheck,
                onelineDescription);
    }

    /** Hidden from help; every argument after a hidden one is hidden too, as in Core. */
    public RpcArg asHidden() {
        return new RpcArg(names, type, fallback, description, inner, true, skipTypeCheck, onelineDescription);
    }

    public RpcArg withoutTypeCheck() {
        return new RpcArg(names, type, fallback, description, inner, hidden, true, onelineDescription);
    }

    public RpcArg withOnelineDescription(String oneline) {
        return new RpcArg(names, type, fallback, description, inner, hidden, skipTypeCheck, oneline);
    }

    public String firstName() {
        int bar = names.indexOf('|');
        return bar < 0 ? names : names.substring(0, bar);
    }

    public List<String> aliases() {
        return List.of(names.split("\\|", -1));
    }

    public boolean isOptional() {
        return !(fallback instanceof Fallback.Required);
    }

    /** Core's {@code RPCArg::MatchesType}: null when the value fits, else the mismatch text. */
    public String mismatch(JsonNode value) {
        if (skipTypeCheck) return null;
        boolean isNull = value == null || value.isNull() || value.isMissingNode();
        if (isOptional() && isNull) return null;
        JsonNodeType expected = switch (type) {
            case STR, STR_HEX -> JsonNodeType.STRING;
            case NUM -> JsonNodeType.NUMBER;
            case AMOUNT, RANGE -> null;
            case BOOL -> JsonNodeType.BOOLEAN;
            case OBJ, OBJ_NAMED_PARAMS, OBJ_USER_KEYS -> JsonNodeType.OBJECT;
            case ARR -> JsonNodeType.ARRAY;
        };
        if (expected == null) return null;
        JsonNodeType actual = isNull ? JsonNodeType.NULL : value.getNodeType();
        if (actual == expected) return null;
        return "JSON value of type " + UniJson.typeName(value) + " is not of expected type "
                + switch (expected) {
                    case STRING -> "string";
                    case NUMBER -> "number";
                    case BOOLEAN -> "bool";
                    case OBJECT -> "object";
                    case ARRAY -> "array";
                    default -> "null";
                };
    }

    /** Core's {@code RPCArg::ToString(oneline)}. */
    String toText(boolean oneline) {
        if (oneline && !onelineDescription.isEmpty()) return onelineDescription;
        return switch (type) {
            case STR_HEX, STR -> "\"" + firstName() + "\"";
            case NUM, RANGE, AMOUNT, BOOL -> firstName();
            case OBJ, OBJ_NAMED_PARAMS, OBJ_USER_KEYS -> {
                StringBuilder res = new StringBuilder();
                for (int i = 0; i < inner.size(); i++) {
                    if (i > 0) res.append(',');
                    res.append(inner.get(i).toObjText(oneline));
                }
                yield type == Type.OBJ ? "{" + res + "}" : "{" + res + ",...}";
            }
            case ARR -> {
                StringBuilder res = new StringBuilder();
                for (RpcArg i : inner) res.append(i.toText(oneline)).append(',');
                yield "[" + res + "...]";
            }
        };
    }

    /** Core's {@code RPCArg::ToStringObj(oneline)}. */
    String toObjText(boolean oneline) {
        String res = "\"" + firstName() + (oneline ? "\":" : "\": ");
        return switch (type) {
            case STR -> res + "\"str\"";
            case STR_HEX -> res + "\"hex\"";
            case NUM -> res + "n";
            case RANGE -> res + "n or [n,n]";
            case AMOUNT -> res + "amount";
            case BOOL -> res + "bool";
            case ARR -> {
                StringBuilder b = new StringBuilder(res).append('[');
                for (RpcArg i : inner) b.append(i.toText(oneline)).append(',');
                yield b + "...]";
            }
            case OBJ, OBJ_NAMED_PARAMS, OBJ_USER_KEYS -> res + toText(oneline);
        };
    }

    /** Core's {@code RPCArg::ToDescriptionString(is_named_arg)}. */
    String descriptionText(boolean isNamedArg) {
        StringBuilder ret = new StringBuilder("(");
        ret.append(switch (type) {
            case STR_HEX, STR -> "string";
            case NUM -> "numeric";
            case AMOUNT -> "numeric or string";
            case RANGE -> "numeric or array";
            case BOOL -> "boolean";
            case OBJ, OBJ_NAMED_PARAMS, OBJ_USER_KEYS -> "json object";
            case ARR -> "json array";
        });
        switch (fallback) {
            case Fallback.DefaultHint h -> ret.append(", optional, default=").append(h.hint());
            case Fallback.DefaultValue v -> ret.append(", optional, default=").append(UniJson.write(v.value()));
            case Fallback.Omitted o -> {
                if (isNamedArg) ret.append(", optional");
            }
            case Fallback.Required r -> ret.append(", required");
        }
        ret.append(')');
        if (type == Type.OBJ_NAMED_PARAMS) {
            ret.append(" Options object that can be used to pass named arguments, listed below.");
        }
        if (!description.isEmpty()) ret.append(' ').append(description);
        return ret.toString();
    }
}
