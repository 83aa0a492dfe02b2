package io.mooring.script;

import com.fasterxml.jackson.databind.JsonNode;
import io.mooring.validation.BlockChecks;
import io.mooring.wire.Hash256;
import io.mooring.wire.primitives.Transaction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Core's {@code sighash.json}: the legacy signature hash of 500 random transactions, scripts and hash types. */
class SighashJsonTest {
    @TestFactory
    Stream<DynamicTest> legacySignatureHashesMatchCore() {
        JsonNode tests = ScriptVectors.load("sighash.json");
        List<DynamicTest> out = new ArrayList<>();
        for (int idx = 0; idx < tests.size(); idx++) {
            JsonNode t = tests.get(idx);
            if (t.size() == 1) continue; // comment
            int index = idx;
            out.add(DynamicTest.dynamicTest("#" + idx + " " + t.get(4).asText(), () -> {
                Transaction tx = ScriptVectors.transaction(t.get(0).asText());
                assertThat(BlockChecks.checkTransaction(tx)).as("CheckTransaction").isEmpty();
                byte[] scriptCode = ScriptVectors.hex(t.get(1).asText());
                byte[] hash = SignatureHash.legacy(scriptCode, tx, t.get(2).asInt(), t.get(3).asInt());
                // The file shows the hash as Core's uint256::GetHex, byte-reversed.
                assertThat(Hash256.fromInternal(hash).toString()).as("case %d", index).isEqualTo(t.get(4).asText());
            }));
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(500);
        return out.stream();
    }
}
