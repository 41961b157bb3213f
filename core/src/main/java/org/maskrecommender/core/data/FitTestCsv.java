package org.maskrecommender.core.data;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes fit-test rows as an export-shaped CSV (header, RFC 4180 quoting, empty cell = missing). */
public final class FitTestCsv {

    private FitTestCsv() {
    }

    public static byte[] write(List<FitTestRow> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", FitTestFields.ALL)).append('\n');
        for (FitTestRow r : rows) {
            Object[] cells = {r.id(), r.userId(), r.maskId(), r.fitFamilyId(), r.uniqueInternalModelCode(),
                    r.perimeterMm(), r.strapType(), r.style(), r.qlftPass(), r.sourceFitTestId(), r.maskModded(),
                    r.facialHairBeardLengthMm(), r.noseMm(), r.chinMm(), r.topCheekMm(), r.midCheekMm(), r.strapMm()};
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(cell(cells[i]));
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
