package io.mooring.rpc;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The documented shape of a method's result, as Core's {@code RPCResult}; used only for help text.
 *
 * @param cond when non-empty, the condition under which this result applies ("Result (cond):")
 */
public record RpcResult(Type type, String key, boolean optional, String description, List<RpcResult> inner,
        String cond) {

    /** Core's {@code RPCResult::Type}. */
    public enum Type { OBJ, ARR, STR, NUM, BOOL, NONE, ANY, STR_AMOUNT, STR_HEX, OBJ_DYN, ARR_FIXED, NUM_TIME, ELISION }

    public RpcResult {
        Objects.requireNonNull(type, "type");
        key = key == null ? "" : key;
        description = description == null ? "" : description;
        inner = List.copyOf(inner);
        cond = cond == null ? "" : cond;
    }

    public static RpcResult of(Type type, String description) {
        return new RpcResult(type, "", false, description, List.of(), "");
    }

    public static RpcResult field(Type type, String key, String description, RpcResult... inner) {
        return new RpcResult(type, key, false, description, Arrays.asList(inner), "");
    }

    public static RpcResult optionalField(Type type, String key, String description, RpcResult... inner) {
        return new RpcResult(type, key, true, description, Arrays.asList(inner), "");
    }

    public static RpcResult nested(Type type, String description, RpcResult... inner) {
        return new RpcResult(type, "", false, description, Arrays.asList(inner), "");
    }

    public RpcResult when(String condition) {
        return new RpcResult(type, key, optional, description, inner, condition);
    }

    private enum Outer { NONE, ARR, OBJ }

    /** Core's {@code RPCResult::ToSections}. */
    void toSections(HelpSections sections) {
        toSections(sections, Outer.NONE, 0);
    }

    private void toSections(HelpSections sections, Outer outer, int currentIndent) {
        String indent = " ".repeat(currentIndent);
        String indentNext = " ".repeat(currentIndent + 2);
        String sep = outer != Outer.NONE ? "," : "";
        String maybeKey = outer == Outer.OBJ ? "\"" + key + "\" : " : "";
        switch (type) {
            case ELISION -> sections.push(indent + "..." + sep, description);
            case ANY -> throw new IllegalStateException("ANY results are not documented");
            case NONE -> sections.push(indent + "null" + sep, describe("json null"));
            case STR -> sections.push(indent + maybeKey + "\"str\"" + sep, describe("string"));
            case STR_AMOUNT, NUM -> sections.push(indent + maybeKey + "n" + sep, describe("numeric"));
            case STR_HEX -> sections.push(indent + maybeKey + "\"hex\"" + sep, describe("string"));
            case NUM_TIME -> sections.push(indent + maybeKey + "xxx" + sep, describe("numeric"));
            case BOOL -> sections.push(indent + maybeKey + "true|false" + sep, describe("boolean"));
            case ARR_FIXED, ARR -> {
                sections.push(indent + maybeKey + "[", describe("json array"));
                for (RpcResult i : inner) i.toSections(sections, Outer.ARR, currentIndent + 2);
                if (type == Type.ARR && (inner.isEmpty() || inner.getLast().type != Type.ELISION)) {
                    sections.push(indentNext + "...", "");
                } else {
                    sections.dropLastComma();
                }
                sections.push(indent + "]" + sep, "");
            }
            case OBJ_DYN, OBJ -> {
                if (inner.isEmpty()) {
                    sections.push(indent + maybeKey + "{}", describe("empty JSON object"));
                    return;
                }
                sections.push(indent + maybeKey + "{", describe("json object"));
                for (RpcResult i : inner) i.toSections(sections, Outer.OBJ, currentIndent + 2);
                if (type == Type.OBJ_DYN && inner.getLast().type != Type.ELISION) {
                    sections.push(indentNext + "...", "");
                } else {
                    sections.dropLastComma();
                }
                sections.push(indent + "}" + sep, "");
            }
        }
    }

    private String describe(String typeText) {
        return "(" + typeText + (optional ? ", optional" : "") + ")" + (description.isEmpty() ? "" : " " + description);
    }
}
