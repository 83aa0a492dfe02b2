package io.mooring.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the BIP324 CSV vectors in {@code src/test/resources/bip324} (header row, commas, no quoting). */
public final class Bip324Vectors {
    private Bip324Vectors() {
    }

    /** Every data row of {@code /bip324/<name>} as column name → cell ("" for an empty cell). */
    public static List<Map<String, String>> rows(String name) {
        try (InputStream in = Bip324Vectors.class.getResourceAsStream("/bip324/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource /bip324/" + name);
            String[] lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\r?\n");
            String[] header = lines[0].split(",", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isEmpty()) continue;
                String[] cells = lines[i].split(",", -1);
                if (cells.length != header.length) throw new IllegalStateException(name + " line " + (i + 1));
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < header.length; c++) row.put(header[c], cells[c]);
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
