package io.mooring.netgroup;

import java.util.ArrayList;
import java.util.List;

/** Test-side encoder for Core's asmap bytecode (asmap.py's _VarLenCoder), to build well- and ill-formed maps. */
final class AsmapWriter {
    private static final int[] TYPE = {0, 0, 1};
    private static final int[] ASN = {15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    private static final int[] MATCH = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int[] JUMP = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
        26, 27, 28, 29, 30};

    final List<Integer> bits = new ArrayList<>();

    private AsmapWriter encode(long val, int minval, int[] sizes) {
        val -= minval;
        for (int k = 0; k < sizes.length; k++) {
            boolean last = k + 1 == sizes.length;
            if (!last && val >= (1L << sizes[k])) {
                val -= 1L << sizes[k];
                bits.add(1);
            } else {
                if (!last) bits.add(0);
                for (int b = 0; b < sizes[k]; b++) bits.add((int) (val >>> (sizes[k] - 1 - b)) & 1);
                return this;
            }
        }
        throw new IllegalArgumentException("value out of range");
    }

    AsmapWriter ret(long asn) {
        return encode(0, 0, TYPE).encode(asn, 1, ASN);
    }

    AsmapWriter def(long asn) {
        return encode(3, 0, TYPE).encode(asn, 1, ASN);
    }

    /** MATCH with Core's argument: a leading 1 bit followed by the pattern (e.g. 0b1_0110 matches 0110). */
    AsmapWriter match(long value) {
        return encode(2, 0, TYPE).encode(value, 2, MATCH);
    }

    AsmapWriter jumpRaw(long offset) {
        return encode(1, 0, TYPE).encode(offset, 17, JUMP);
    }

    /** JUMP over {@code zero} (taken when the input bit is 0), then {@code one}. */
    AsmapWriter jump(AsmapWriter zero, AsmapWriter one) {
        jumpRaw(zero.bits.size());
        bits.addAll(zero.bits);
        bits.addAll(one.bits);
        return this;
    }

    AsmapWriter append(AsmapWriter other) {
        bits.addAll(other.bits);
        return this;
    }

    int size() {
        return bits.size();
    }

    byte[] toBytes() {
        byte[] out = new byte[(bits.size() + 7) / 8];
        for (int i = 0; i < bits.size(); i++) out[i / 8] |= (byte) (bits.get(i) << (i % 8));
        return out;
    }
}
