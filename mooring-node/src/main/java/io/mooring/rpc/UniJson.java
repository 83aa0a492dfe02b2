package io.mooring.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON reading and writing the way Core's UniValue does it: numbers keep their written form (no float rounding,
 * {@code 1.50} stays {@code 1.50}), trailing garbage is a parse error, nesting is limited to UniValue's 512 levels,
 * and output is byte-compatible with {@code UniValue::write(prettyIndent)} (compact: no spaces; pretty: {@code "key":
 * value} with the given indent, empty containers as {@code [\n]}, control characters escaped, other characters raw).
 */
public final class UniJson {
    /** UniValue's MAX_JSON_DEPTH. */
    public static final int MAX_JSON_DEPTH = 512;

    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .nodeFactory(NODES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_JSON_DEPTH)
                .maxStringLength(Integer.MAX_VALUE)
                .maxNumberLength(100_000)
                .build());
    }

    private UniJson() {}

    /** The shared mapper (exact decimals, strict trailing tokens). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a complete JSON text (any value at top level, as UniValue::read); null when it is not valid JSON. */
    public static JsonNode read(byte[] utf8) {
        if (utf8.length == 0) return null;
        try {
            JsonNode node = MAPPER.readTree(utf8);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Parses a complete JSON text; null when it is not valid JSON. */
    public static JsonNode read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Compact form, as {@code UniValue::write()}. */
    public static String write(JsonNode value) {
        return write(value, 0);
    }

    /** As {@code UniValue::write(prettyIndent)}; 0 is compact. */
    public static String write(JsonNode value, int prettyIndent) {
        StringBuilder s = new StringBuilder();
        write(value, prettyIndent, 0, s);
        return s.toString();
    }

    private static void write(JsonNode v, int pretty, int indentLevel, StringBuilder s) {
        int modIndent = indentLevel == 0 ? 1 : indentLevel;
        switch (v.getNodeType()) {
            case OBJECT -> {
                s.append('{');
                if (pretty > 0) s.append('\n');
                Iterator<Map.Entry<String, JsonNode>> it = v.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (pretty > 0) s.repeat(' ', pretty * modIndent);
                    s.append('"');
                    escape(e.getKey(), s);
                    s.append("\":");
                    if (pretty > 0) s.append(' ');
                    write(e.getValue(), pretty, modIndent + 1, s);
                    if (it.hasNext()) s.append(',');
                    if (pretty > 0) s.append('\n');
                }
                if (pretty > 0) s.repeat(' ', pretty * (modIndent - 1));
                s.append('}');
            }
            case ARRAY -> {
                s.append('[');
                if (pretty > 0) s.append('\n');
                for (int i = 0; i < v.size(); i++) {
                    if (pretty > 0) s.repeat(' ', pretty * modIndent);
                    write(v.get(i), pretty, modIndent + 1, s);
                    if (i != v.size() - 1) s.append(',');
                    if (pretty > 0) s.append('\n');
                }
                if (pretty > 0) s.repeat(' ', pretty * (modIndent - 1));
                s.append(']');
            }
            case STRING -> {
                s.append('"');
                escape(v.textValue(), s);
                s.append('"');
            }
            case NUMBER -> s.append(numberText(v));
            case BOOLEAN -> s.append(v.booleanValue() ? "true" : "false");
            case NULL, MISSING -> s.append("null");
            case BINARY, POJO -> {
                s.append('"');
                escape(v.asText(), s);
                s.append('"');
            }
        }
    }

    private static String numberText(JsonNode v) {
        if (v.isBigDecimal()) return v.decimalValue().toString();
        if (v.isDouble() || v.isFloat()) return doubleText(v.doubleValue());
        return v.bigIntegerValue().toString();
    }

    /** {@code UniValue(double)}: C++ ostream with setprecision(16), i.e. {@code %.16g}. */
    static String doubleText(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return "null";
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        BigDecimal bd = new BigDecimal(d).round(new MathContext(16)).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            BigDecimal mantissa = bd.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.toPlainString();
            String e = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
            return m + "e" + e;
        }
        return bd.toPlainString();
    }

    private static void escape(String text, StringBuilder s) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\b' -> s.append("\\b");
                case '\f' -> s.append("\\f");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
    }

    /** Core's {@code uvTypeName}: null, bool, object, array, string, number. */
    public static String typeName(JsonNode v) {
        JsonNodeType t = v == null ? JsonNodeType.NULL : v.getNodeType();
        return switch (t) {
            case NULL, MISSING -> "null";
            case BOOLEAN -> "bool";
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING, BINARY, POJO -> "string";
            case NUMBER -> "number";
        };
    }

    /** Serialises with Jackson's defaults; for callers that only need valid JSON. */
    static String plain(JsonNode v) {
        try {
            return MAPPER.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
