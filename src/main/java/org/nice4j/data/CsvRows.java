package org.nice4j.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.nice4j.NiceException;

/**
 * A CSV file of numeric columns, read a chunk of rows at a time (parsing by Apache Commons CSV: quoting, blank lines
 * and surrounding spaces are handled there).
 *
 * <p>The first line is a header when any of its cells is not a number; then a label column can be named, whose
 * cells must be non-negative integers (class labels) and which is not part of the data. Every other cell must be a
 * finite number, and every line must have as many cells as the first.
 */
public final class CsvRows implements RowReader {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true).get();

    private final Path file;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header; // empty when the file has none
    private final int width;            // cells per line, label included
    private final int labelIndex;       // -1 without a label column
    private Line pending;               // the first data line, read ahead to learn the width

    /** A data line with the number the file gives it, for messages. */
    private record Line(CSVRecord record, long number) {}

    /**
     * Opens {@code file} and reads up to its first data line.
     *
     * @param labelColumn the header name of the column holding class labels, or {@code null}
     */
    public CsvRows(Path file, String labelColumn) {
        this.file = file;
        try {
            Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            this.parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        } catch (IOException e) {
            throw new NiceException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            this.records = parser.iterator();
            Line first = nextLine();
            if (first == null) {
                throw new NiceException(file + ": the file is empty (no rows)");
            }
            boolean isHeader = first.record().stream().anyMatch(cell -> !isNumber(cell));
            this.header = isHeader ? first.record().toList() : List.of();
            this.width = first.record().size();
            this.labelIndex = labelIndex(labelColumn);
            this.pending = isHeader ? nextLine() : first;
            if (pending == null) {
                throw new NiceException(file + ": a header and no data rows");
            }
            if (width - (labelIndex < 0 ? 0 : 1) < 1) {
                throw new NiceException(file + ": no data columns beside the label column '" + labelColumn + "'");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The header's column names, empty when the file has no header. */
    public List<String> header() {
        return header;
    }

    @Override
    public DataShape shape() {
        return DataShape.table(width - (labelIndex < 0 ? 0 : 1));
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.empty();
    }

    @Override
    public boolean labelled() {
        return labelIndex >= 0;
    }

    @Override
    public Table next(int max) {
        int d = shape().dimension();
        List<float[]> chunk = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        while (chunk.size() < max) {
            Line line = pending != null ? pending : nextLine();
            pending = null;
            if (line == null) {
                break;
            }
            CSVRecord r = line.record();
            if (r.size() != width) {
                throw new NiceException(file + ": line " + line.number() + " has " + r.size() + " columns, "
                        + (header.isEmpty() ? "the first line has " : "the header has ") + width);
            }
            float[] values = new float[d];
            int at = 0;
            for (int c = 0; c < width; c++) {
                if (c == labelIndex) {
                    labels.add(label(r.get(c), line.number()));
                } else {
                    values[at++] = value(r.get(c), line.number(), c);
                }
            }
            chunk.add(values);
        }
        float[] flat = new float[chunk.size() * d];
        for (int i = 0; i < chunk.size(); i++) {
            System.arraycopy(chunk.get(i), 0, flat, i * d, d);
        }
        return new Table(file.getFileName().toString(), d, flat,
                labelIndex < 0 ? null : labels.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private Line nextLine() {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord r = records.next();
            return new Line(r, parser.getCurrentLineNumber());
        } catch (UncheckedIOException e) {
            throw new NiceException(file + ": near line " + parser.getCurrentLineNumber() + ", not valid CSV ("
                    + e.getCause().getMessage() + ")", e);
        }
    }

    private int labelIndex(String labelColumn) {
        if (labelColumn == null) {
            return -1;
        }
        if (header.isEmpty()) {
            throw new NiceException(file + ": no header line, so no column named '" + labelColumn + "'");
        }
        int index = header.indexOf(labelColumn);
        if (index < 0) {
            throw new NiceException(file + ": no column named '" + labelColumn + "' (columns: "
                    + String.join(", ", header) + ")");
        }
        return index;
    }

    private float value(String cell, long line, int column) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new NiceException(file + ": line " + line + ", " + columnName(column) + ": '" + cell
                    + "' is not a number");
        }
        if (!Double.isFinite(v) || !Float.isFinite((float) v)) {
            throw new NiceException(file + ": line " + line + ", " + columnName(column) + ": '" + cell
                    + "' is not finite (NaN or infinity)");
        }
        return (float) v;
    }

    private int label(String cell, long line) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= 0 && v <= Integer.MAX_VALUE && v == Math.rint(v))) {
            throw new NiceException(file + ": line " + line + ", " + columnName(labelIndex) + ": label '" + cell
                    + "' is not a non-negative integer");
        }
        return (int) v;
    }

    private String columnName(int column) {
        return header.isEmpty() ? "column " + (column + 1) : "column '" + header.get(column) + "'";
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
