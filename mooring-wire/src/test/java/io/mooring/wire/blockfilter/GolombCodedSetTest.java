package io.mooring.wire.blockfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mooring.wire.Bytes;
import io.mooring.wire.Hash256;
import io.mooring.wire.ProtocolError;
import io.mooring.wire.ProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class GolombCodedSetTest {
    private static final GolombCodedSet.Params BASIC = GolombCodedSet.Params.forBlock(BlockFilterType.BASIC,
            Hash256.fromHex("000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943"));

    private static List<Bytes> elements(List<byte[]> raw) {
        return raw.stream().map(Bytes::copyOf).toList();
    }

    @Property
    void builtSetsDecodeToTheSameBytesAndMatchEveryElement(@ForAll @Size(max = 200) List<@Size(max = 40) byte[]> raw)
            throws ProtocolException {
        List<Bytes> items = elements(raw);
        GolombCodedSet built = GolombCodedSet.build(BASIC, items);
        GolombCodedSet decoded = GolombCodedSet.decode(BASIC, built.encoded());
        assertThat(decoded).isEqualTo(built);
        assertThat(decoded.n()).isEqualTo(Set.copyOf(items).size());
        for (Bytes e : items) {
            assertThat(decoded.match(e)).isTrue();
        }
        assertThat(decoded.matchAny(items)).isEqualTo(!items.isEmpty());
    }

    @Property
    void smallParametersRoundTripToo(@ForAll @IntRange(min = 1, max = 32) int p,
                                     @ForAll @IntRange(min = 1, max = 1 << 20) int m,
                                     @ForAll @Size(max = 60) List<@Size(max = 8) byte[]> raw) throws ProtocolException {
        GolombCodedSet.Params params = new GolombCodedSet.Params(1, 2, p, m);
        GolombCodedSet built = GolombCodedSet.build(params, elements(raw));
        assertThat(GolombCodedSet.decode(params, built.encoded()).encoded()).isEqualTo(built.encoded());
        for (Bytes e : elements(raw)) {
            assertThat(built.match(e)).isTrue();
        }
    }

    @Property
    void arbitraryBytesDecodeOrFailWithAProtocolException(@ForAll @Size(max = 64) byte[] junk) {
        try {
            GolombCodedSet set = GolombCodedSet.decode(BASIC, Bytes.copyOf(junk));
            set.match(Bytes.fromHex("00"));
        } catch (ProtocolException expected) {
            // the only failure allowed
        }
    }

    @Test
    void emptySetIsTheSingleByteZero() throws ProtocolException {
        GolombCodedSet empty = GolombCodedSet.build(BASIC, List.of());
        assertThat(empty.encoded().hex()).isEqualTo("00");
        assertThat(empty.match(Bytes.fromHex("51"))).isFalse();
        assertThat(GolombCodedSet.decode(BASIC, Bytes.fromHex("00")).n()).isZero();
    }

    @Test
    void excessBytesAreRejected() throws ProtocolException {
        GolombCodedSet set = GolombCodedSet.build(BASIC, List.of(Bytes.fromHex("51"), Bytes.fromHex("52")));
        byte[] longer = Arrays.copyOf(set.encoded().toArray(), set.encoded().length() + 1);
        assertThatThrownBy(() -> GolombCodedSet.decode(BASIC, Bytes.wrap(longer)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.MALFORMED));
        assertThatThrownBy(() -> GolombCodedSet.decode(BASIC, Bytes.fromHex("0000")))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void missingValuesAreTruncated() {
        GolombCodedSet set = GolombCodedSet.build(BASIC, List.of(Bytes.fromHex("51"), Bytes.fromHex("52")));
        byte[] enc = set.encoded().toArray();
        byte[] shorter = Arrays.copyOf(enc, enc.length - 1);
        assertThatThrownBy(() -> GolombCodedSet.decode(BASIC, Bytes.wrap(shorter)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.TRUNCATED));
    }

    @Test
    void aForgedCountFailsBeforeAllocating() {
        // N = 2^25 (MAX_SIZE) with three bytes of data.
        assertThatThrownBy(() -> GolombCodedSet.decode(BASIC, Bytes.fromHex("fe00000002ffffff")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.TRUNCATED));
        assertThatThrownBy(() -> GolombCodedSet.decode(BASIC, Bytes.fromHex("fe01000002")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.error()).isEqualTo(ProtocolError.SIZE_TOO_LARGE));
    }

    @Test
    void duplicatesCountOnce() {
        List<Bytes> items = new ArrayList<>(List.of(Bytes.fromHex("51"), Bytes.fromHex("51"), Bytes.fromHex("52")));
        assertThat(GolombCodedSet.build(BASIC, items).n()).isEqualTo(2);
    }

    @Test
    void paramsAreChecked() {
        assertThatThrownBy(() -> new GolombCodedSet.Params(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GolombCodedSet.Params(0, 0, 19, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(BlockFilterType.fromId(0)).contains(BlockFilterType.BASIC);
        assertThat(BlockFilterType.fromId(1)).isEmpty();
    }
}
