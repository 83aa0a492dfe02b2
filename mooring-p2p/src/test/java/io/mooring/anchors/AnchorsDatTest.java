package io.mooring.anchors;

import io.mooring.anchors.AnchorsDatException.Reason;
import io.mooring.wire.Bytes;
import io.mooring.wire.Hashes;
import io.mooring.wire.WireWriter;
import io.mooring.wire.netaddress.NetAddress;
import io.mooring.wire.netaddress.PeerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnchorsDatTest {
    static final int MAIN = 0xF9BEB4D9;
    static final int TESTNET = 0x0B110907;
    static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    static byte[] realEmptyFile() throws IOException {
        try (InputStream in = AnchorsDatTest.class.getResourceAsStream("/anchors/anchors.dat")) {
            return in.readAllBytes();
        }
    }

    static PeerAddress ipv4(int port, long services) {
        return new PeerAddress(1_700_000_000L, services, NetAddress.ipv4(new byte[] {127, 0, 0, 1}), port);
    }

    static PeerAddress tor() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) key[i] = (byte) (i * 7 + 1);
        return new PeerAddress(1_600_000_000L, 0x409, NetAddress.torV3(key), 8333);
    }

    @Test
    void realEmptyAnchorsFileRoundTripsByteForByte() throws Exception {
        byte[] file = realEmptyFile();
        assertThat(file).hasSize(37);
        assertThat(AnchorsDat.decode(MAIN, file)).isEmpty();
        assertThat(AnchorsDat.encode(MAIN, List.of())).isEqualTo(file);
    }

    @Test
    void ipv4AnchorEncodesAddressPortAndServicesAtCoresOffsets() throws Exception {
        int port = 18444 + 1;
        byte[] file = AnchorsDat.encode(MAIN, List.of(ipv4(port, 0x09)));
        String hex = HEX.formatHex(file);
        assertThat(hex).startsWith("f9beb4d901605b0320");
        assertThat(hex).contains("7f000001" + String.format("%04x", port));
        assertThat(file[13]).isEqualTo((byte) 0x09); // feature_anchors.py: services at 4 + 1 + 4 + 4
        assertThat(file).hasSize(4 + 1 + (4 + 4 + 1 + 1 + 1 + 4 + 2) + 32);
        assertThat(AnchorsDat.decode(MAIN, file)).containsExactly(ipv4(port, 0x09));
    }

    @Test
    void torV3AnchorRoundTripsInAddrV2Form() throws Exception {
        PeerAddress tor = tor();
        byte[] file = AnchorsDat.encode(MAIN, List.of(tor));
        String key = tor.address().bytes().hex();
        assertThat(HEX.formatHex(file)).contains("0420" + key + "208d");
        assertThat(AnchorsDat.decode(MAIN, file)).containsExactly(tor);
    }

    @Test
    void wrongMagicIsRejected() {
        byte[] file = AnchorsDat.encode(TESTNET, List.of(ipv4(8333, 1)));
        assertThatThrownBy(() -> AnchorsDat.decode(MAIN, file))
                .isInstanceOfSatisfying(AnchorsDatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_MAGIC))
                .hasMessageContaining("Invalid network magic number");
    }

    @Test
    void badChecksumIsRejected() {
        byte[] file = AnchorsDat.encode(MAIN, List.of(ipv4(8333, 1)));
        file[file.length - 1] ^= 1;
        assertThatThrownBy(() -> AnchorsDat.decode(MAIN, file))
                .isInstanceOfSatisfying(AnchorsDatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_CHECKSUM));
    }

    @Test
    void truncationIsRejected() {
        byte[] file = AnchorsDat.encode(MAIN, List.of(ipv4(8333, 1)));
        for (int len = 0; len < file.length; len++) {
            byte[] cut = Arrays.copyOf(file, len);
            assertThatThrownBy(() -> AnchorsDat.decode(MAIN, cut))
                    .isInstanceOfSatisfying(AnchorsDatException.class,
                            e -> assertThat(e.reason()).isIn(Reason.TRUNCATED, Reason.BAD_CHECKSUM));
        }
        assertThatThrownBy(() -> AnchorsDat.decode(MAIN, Arrays.copyOf(file, file.length - 1)))
                .isInstanceOfSatisfying(AnchorsDatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }

    @Test
    void trailingGarbageIsRejectedByStrictDecodeButIgnoredByCoresReader() throws Exception {
        byte[] good = AnchorsDat.encode(MAIN, List.of(ipv4(8333, 1)));
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> AnchorsDat.decode(MAIN, longer))
                .isInstanceOfSatisfying(AnchorsDatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRAILING_DATA));
        Path path = dir.resolve("anchors.dat");
        Files.write(path, longer);
        assertThat(AnchorsDat.readAndDelete(path, MAIN).loaded()).containsExactly(ipv4(8333, 1));
        assertThat(path).doesNotExist();
    }

    @Test
    void unsupportedDiskVersionIsRejected() throws Exception {
        WireWriter w = new WireWriter();
        w.writeI32LE(Integer.reverseBytes(MAIN)).writeCompactSize(1).writeI32LE(0x40000000 | 220000);
        ipv4(8333, 1).writeV2(w);
        w.writeBytes(Hashes.sha256d(w.array(), 0, w.size()).toInternalBytes());
        byte[] file = w.toByteArray();
        assertThatThrownBy(() -> AnchorsDat.decode(MAIN, file))
                .isInstanceOfSatisfying(AnchorsDatException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_DISK_FORMAT))
                .hasMessageContaining("Unsupported CAddress disk format version");
    }

    @Test
    void v1DiskRecordIsReadAsCore() throws Exception {
        WireWriter w = new WireWriter();
        w.writeI32LE(Integer.reverseBytes(MAIN)).writeCompactSize(1).writeI32LE(220000);
        ipv4(8333, 1).writeV1(w, true);
        w.writeBytes(Hashes.sha256d(w.array(), 0, w.size()).toInternalBytes());
        assertThat(AnchorsDat.decode(MAIN, w.toByteArray())).containsExactly(ipv4(8333, 1));
    }

    @Test
    void unknownNetworkRecordStaysInTheListAsTheInvalidAddress() throws Exception {
        WireWriter w = new WireWriter();
        w.writeI32LE(Integer.reverseBytes(MAIN)).writeCompactSize(1).writeI32LE(PeerAddress.DISK_FORMAT_V2);
        w.writeU32LE(5).writeCompactSize(1).writeU8(0x2a).writeCompactSize(2).writeU8(1).writeU8(2).writeU16BE(8333);
        w.writeBytes(Hashes.sha256d(w.array(), 0, w.size()).toInternalBytes());
        List<PeerAddress> got = AnchorsDat.decode(MAIN, w.toByteArray());
        assertThat(got).containsExactly(new PeerAddress(5, 1, NetAddress.UNSPECIFIED, 8333));
        assertThat(got.get(0).address().isValid()).isFalse();
    }

    @Test
    void writeAtomicallyGoesThroughAnchorsTempFileAndReplacesTheOldFile() throws Exception {
        Path path = dir.resolve("anchors.dat");
        Files.write(path, new byte[] {1, 2, 3});
        Files.write(dir.resolve("anchors.00ab"), new byte[] {9}); // a stale temp with the name we will draw
        RandomGenerator fixed = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public int nextInt(int bound) {
                return 0xab;
            }
        };
        AnchorsDat.writeAtomically(path, MAIN, List.of(ipv4(8333, 9), tor()), fixed);
        assertThat(Files.readAllBytes(path)).isEqualTo(AnchorsDat.encode(MAIN, List.of(ipv4(8333, 9), tor())));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("anchors.dat");
        }
    }

    @Test
    void readAndDeleteLoadsAndDeletesAndReportsCoresLogLines() throws Exception {
        Path path = dir.resolve("anchors.dat");
        List<PeerAddress> three = List.of(ipv4(1, 1), ipv4(2, 1), tor());
        AnchorsDat.writeAtomically(path, MAIN, three);
        AnchorsDat.ReadResult result = AnchorsDat.readAndDelete(path, MAIN);
        assertThat(path).doesNotExist();
        assertThat(result.error()).isEmpty();
        assertThat(result.loaded()).isEqualTo(three);
        assertThat(result.loadedLogLine()).contains("Loaded 3 addresses from \"anchors.dat\"");
        AnchorQueue queue = result.queue();
        assertThat(queue.logLine()).isEqualTo("2 block-relay-only anchors will be tried for connections.");
        assertThat(queue.pollLast()).contains(ipv4(2, 1));
        assertThat(queue.pollLast()).contains(ipv4(1, 1));
        assertThat(queue.pollLast()).isEmpty();
    }

    @Test
    void missingFileGivesNoAnchors() {
        AnchorsDat.ReadResult result = AnchorsDat.readAndDelete(dir.resolve("anchors.dat"), MAIN);
        assertThat(result.loaded()).isEmpty();
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        assertThat(result.queue().logLine()).isEqualTo("0 block-relay-only anchors will be tried for connections.");
    }

    @Test
    void byteInsertedAtOffset20GivesNoAnchorsAndDeletesTheFileAsFeatureAnchors() throws Exception {
        byte[] good = AnchorsDat.encode(MAIN, List.of(ipv4(8333, 9), ipv4(8334, 9)));
        assertCorruptGivesNothing(insert(good, 20));
    }

    @Test
    void everyCorruptionGivesNoAnchorsAndDeletesTheFile() throws Exception {
        byte[] good = AnchorsDat.encode(MAIN, List.of(ipv4(8333, 9), tor()));
        for (int i = 0; i < good.length; i++) {
            assertCorruptGivesNothing(insert(good, i));
            assertCorruptGivesNothing(Arrays.copyOf(good, i));
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = good.clone();
                flipped[i] ^= (byte) (1 << bit);
                assertCorruptGivesNothing(flipped);
            }
        }
    }

    @Test
    void selectForDumpKeepsTheFirstTwo() {
        assertThat(AnchorsDat.selectForDump(List.of(ipv4(1, 1), ipv4(2, 1), ipv4(3, 1))))
                .containsExactly(ipv4(1, 1), ipv4(2, 1));
        assertThat(AnchorsDat.selectForDump(List.of())).isEmpty();
    }

    private static byte[] insert(byte[] data, int at) {
        byte[] out = new byte[data.length + 1];
        System.arraycopy(data, 0, out, 0, at);
        out[at] = 0x42;
        System.arraycopy(data, at, out, at + 1, data.length - at);
        return out;
    }

    private void assertCorruptGivesNothing(byte[] corrupt) throws IOException {
        Path path = dir.resolve("anchors.dat");
        Files.write(path, corrupt);
        AnchorsDat.ReadResult result = AnchorsDat.readAndDelete(path, MAIN);
        assertThat(result.loaded()).as("corrupt %s", Bytes.wrap(corrupt).hex()).isEmpty();
        assertThat(result.error()).isPresent();
        assertThat(result.loadedLogLine()).isEmpty();
        assertThat(path).doesNotExist();
    }
}
