package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.NiceException;

class CsvRowsTest {
    @TempDir
    Path dir;

    @Test
    void aFileWithoutHeaderIsAllData() throws IOException {
        Path file = write("plain.csv", "1,2.5,-3\n4, 5e-1 ,6\n\n7,8,9\n");
        try (CsvRows csv = new CsvRows(file, null)) {
            assertEquals(List.of(), csv.header());
            assertEquals(DataShape.table(3), csv.shape());
            assertFalse(csv.labelled());
            Table rows = csv.next(100);
            assertArrayEquals(new float[] {1, 2.5f, -3, 4, 0.5f, 6, 7, 8, 9}, rows.values());
            assertNull(rows.labels());
            assertEquals(0, csv.next(100).size());
        }
    }

    @Test
    void aHeaderIsDetectedAndALabelColumnIsSetApart() throws IOException {
        Path file = write("labelled.csv", "a,class,\"b\"\n0.5,2,1\n1.5,0,2\n");
        try (CsvRows csv = new CsvRows(file, "class")) {
            assertEquals(List.of("a", "class", "b"), csv.header());
            assertEquals(DataShape.table(2), csv.shape());
            assertTrue(csv.labelled());
            Table rows = csv.next(10);
            assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, rows.values());
            assertArrayEquals(new int[] {2, 0}, rows.labels());
        }
    }

    @Test
    void chunksFollowTheFileInOrder() throws IOException {
        StringBuilder text = new StringBuilder("x,y\n");
        for (int i = 0; i < 10; i++) {
            text.append(i).append(',').append(-i).append('\n');
        }
        try (CsvRows csv = new CsvRows(write("long.csv", text.toString()), null)) {
            int seen = 0;
            for (Table chunk = csv.next(3); chunk.size() > 0; chunk = csv.next(3)) {
                assertTrue(chunk.size() <= 3);
                for (int i = 0; i < chunk.size(); i++, seen++) {
                    assertEquals(seen, chunk.values()[2 * i]);
                    assertEquals(-seen, chunk.values()[2 * i + 1]);
                }
            }
            assertEquals(10, seen);
        }
    }

    @Test
    void badFilesNameTheFileTheLineAndWhatIsWrong() throws IOException {
        assertFails("ragged.csv", "a,b\n1,2\n3,4,5\n", null, ": line 3 has 3 columns, the header has 2");
        assertFails("ragged2.csv", "1,2\n3\n", null, ": line 2 has 1 columns, the first line has 2");
        assertFails("text.csv", "a,b\n1,2\n3,x\n", null, ": line 3, column 'b': 'x' is not a number");
        assertFails("nan.csv", "1,NaN\n", null, ": line 1, column 2: 'NaN' is not finite (NaN or infinity)");
        assertFails("inf.csv", "a,b\n1,-Infinity\n", null, ": line 2, column 'b': '-Infinity' is not finite (NaN or"
                + " infinity)");
        assertFails("huge.csv", "1,1e300\n", null, ": line 1, column 2: '1e300' is not finite (NaN or infinity)");
        assertFails("empty.csv", "", null, ": the file is empty (no rows)");
        assertFails("blank.csv", "\n\n", null, ": the file is empty (no rows)");
        assertFails("header.csv", "a,b\n", null, ": a header and no data rows");
        assertFails("nolabel.csv", "1,2\n", "y", ": no header line, so no column named 'y'");
        assertFails("wrong.csv", "a,b\n1,2\n", "y", ": no column named 'y' (columns: a, b)");
        assertFails("badlabel.csv", "a,y\n1,2.5\n", "y", ": line 2, column 'y': label '2.5' is not a non-negative"
                + " integer");
    }

    private void assertFails(String name, String text, String label, String message) throws IOException {
        Path file = write(name, text);
        NiceException e = assertThrows(NiceException.class, () -> {
            try (CsvRows csv = new CsvRows(file, label)) {
                while (csv.next(1).size() > 0) {
                    // read to the end
                }
            }
        });
        assertEquals(file + message, e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
