package io.mooring.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class UniJsonTest {
    @Test
    void prettyPrintsLikeUniValueWriteWithIndent() {
        JsonNode v = UniJson.read("{\"a\":[\"foo\",1],\"b\":{},\"c\":[]}");
        assertThat(UniJson.write(v, 2)).isEqualTo("{\n  \"a\": [\n    \"foo\",\n    1\n  ],\n  \"b\": {\n  },\n  \"c\": [\n  ]\n}");
        assertThat(UniJson.write(UniJson.read("[\"foo\"]"), 2)).isEqualTo("[\n  \"foo\"\n]");
    }

    @Test
    void compactFormHasNoSpaces() {
        assertThat(UniJson.write(UniJson.read("{ \"a\" : [ 1 , true , null ] }"))).isEqualTo("{\"a\":[1,true,null]}");
    }

    @Test
    void numbersKeepTheirWrittenForm() {
        assertThat(UniJson.write(UniJson.read("[1.50, 0.00010000, 21000000, 123456789012345678901234567890]")))
                .isEqualTo("[1.50,0.00010000,21000000,123456789012345678901234567890]");
    }

    @Test
    void controlCharactersAreEscapedAndUnicodeIsRaw() {
        assertThat(UniJson.write(UniJson.read("\"a\\u0001\\n\\\"é\\u007f\""))).isEqualTo("\"a\\u0001\\n\\\"é\\u007f\"");
    }

    @Test
    void invalidJsonTrailingGarbageAndEmptyInputAreNotParsed() {
        assertThat(UniJson.read("this is bad")).isNull();
        assertThat(UniJson.read("{} x")).isNull();
        assertThat(UniJson.read("")).isNull();
        assertThat(UniJson.read("[".repeat(513) + "]".repeat(513))).isNull();
        assertThat(UniJson.read("[".repeat(500) + "]".repeat(500))).isNotNull();
    }

    @Test
    void doublesUseSixteenSignificantDigits() {
        assertThat(UniJson.doubleText(0.1)).isEqualTo("0.1");
        assertThat(UniJson.doubleText(123.0)).isEqualTo("123");
        assertThat(UniJson.doubleText(1e20)).isEqualTo("1e+20");
        assertThat(UniJson.doubleText(1.5e-7)).isEqualTo("1.5e-07");
    }
}
