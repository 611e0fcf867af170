package org.nice4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.Json;
import org.nice4j.data.DataShape;
import org.nice4j.data.PixelRange;

class PreprocessingTest {

    @Test
    void modelFilesFromBeforeChannelsAndRangesReadAsGreyImagesOnTheUnitInterval() throws Exception {
        Preprocessing old = Json.MAPPER.readValue("{\"levels\":256,\"height\":28,\"width\":28}", Preprocessing.class);
        assertEquals(Preprocessing.images(28, 28), old);
        Preprocessing rgb = new Preprocessing(256, 3, 8, 8, PixelRange.SYMMETRIC);
        assertEquals(rgb, Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(rgb), Preprocessing.class));
        assertEquals(192, rgb.dimension());
    }

    @Test
    void bitsPerDimensionDoNotDependOnThePixelRange() {
        // stretching [0, 1] onto [-1, 1] halves the density in every dimension: log p drops by D ln 2
        Preprocessing unit = new Preprocessing(256, 3, 4, 4, PixelRange.UNIT);
        Preprocessing symmetric = new Preprocessing(256, 3, 4, 4, PixelRange.SYMMETRIC);
        double ll = 123.4;
        assertEquals(unit.bitsPerDim(ll), symmetric.bitsPerDim(ll - 48 * Math.log(2)), 1e-12);
    }

    @Test
    void aPresetsPreprocessingTakesTheShapeOfItsData() {
        Preprocessing symmetric = new Preprocessing(256, 1, 28, 28, PixelRange.SYMMETRIC);
        assertEquals(new Preprocessing(256, 3, 32, 32, PixelRange.SYMMETRIC),
                symmetric.fittedTo(DataShape.image(new ImageShape(3, 32, 32))));
        assertEquals(Preprocessing.continuous(9), Preprocessing.continuous(2).fittedTo(DataShape.table(9)));
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> symmetric.fittedTo(DataShape.table(9)));
        assertEquals("the model takes images, the data is rows of 9 values", e.getMessage());
        assertThrows(InvalidSettingException.class,
                () -> Preprocessing.continuous(2).fittedTo(DataShape.image(new ImageShape(1, 2, 2))));
    }
}
