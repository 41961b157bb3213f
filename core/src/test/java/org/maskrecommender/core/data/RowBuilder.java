package org.maskrecommender.core.data;

/**
 * Builds {@link FitTestRow}s field by field for tests. {@link #valid()} starts from a row the cleaner
 * keeps; each setter changes one field so a test names exactly the defect it adds.
 */
final class RowBuilder {

    Long id = 1L;
    Long userId = 10L;
    Long maskId = 100L;
    Long fitFamilyId = 7L;
    String name = "Aero Bifold A1 (White)";
    Double perimeterMm = 400.0;
    String strapType = "Headstrap";
    String style = "Bifold";
    String qlftPass = "true";
    String sourceFitTestId = "ft-1";
    Boolean maskModded = false;
    Double beardMm = 0.0;
    Double noseMm = 50.0;
    Double chinMm = 98.0;
    Double topCheekMm = 115.0;
    Double midCheekMm = 110.0;
    Double strapMm = 250.0;

    private RowBuilder() {
    }

    static RowBuilder valid() {
        return new RowBuilder();
    }

    /** A valid row with its own ids, so many of them are not duplicates of each other. */
    static RowBuilder valid(long n) {
        RowBuilder b = new RowBuilder();
        b.id = n;
        b.userId = 1000 + n;
        b.sourceFitTestId = "ft-" + n;
        return b;
    }

    RowBuilder id(Long v) { id = v; return this; }
    RowBuilder userId(Long v) { userId = v; return this; }
    RowBuilder maskId(Long v) { maskId = v; return this; }
    RowBuilder fitFamilyId(Long v) { fitFamilyId = v; return this; }
    RowBuilder name(String v) { name = v; return this; }
    RowBuilder perimeterMm(Double v) { perimeterMm = v; return this; }
    RowBuilder strapType(String v) { strapType = v; return this; }
    RowBuilder style(String v) { style = v; return this; }
    RowBuilder qlftPass(String v) { qlftPass = v; return this; }
    RowBuilder sourceFitTestId(String v) { sourceFitTestId = v; return this; }
    RowBuilder maskModded(Boolean v) { maskModded = v; return this; }
    RowBuilder beardMm(Double v) { beardMm = v; return this; }
    RowBuilder noseMm(Double v) { noseMm = v; return this; }
    RowBuilder chinMm(Double v) { chinMm = v; return this; }
    RowBuilder topCheekMm(Double v) { topCheekMm = v; return this; }
    RowBuilder midCheekMm(Double v) { midCheekMm = v; return this; }
    RowBuilder strapMm(Double v) { strapMm = v; return this; }

    FitTestRow build() {
        return new FitTestRow(id, userId, maskId, fitFamilyId, name, perimeterMm, strapType, style, qlftPass,
                sourceFitTestId, maskModded, beardMm, noseMm, chinMm, topCheekMm, midCheekMm, strapMm);
    }
}
