package org.nice4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;

/**
 * Opens a user's data by what it is: a {@code .csv} file, a NumPy {@code .npy} file, a folder with the four IDX
 * files of an MNIST-like dataset, or a folder of PNG images (directly or in class sub-folders).
 */
public final class DataFiles {

    /** The kinds of data a path can hold. */
    public enum Kind {
        CSV, NPY, IDX_FOLDER, PNG_FOLDER
    }

    private DataFiles() {}

    /**
     * What {@code path} holds, from its extension or, for a folder, its contents.
     *
     * @throws InvalidSettingException ("dataDir") when the path does not exist or is none of the kinds
     */
    public static Kind kindOf(Path path) {
        if (Files.isDirectory(path)) {
            if (new IdxFolder(path.getFileName() == null ? "data" : path.getFileName().toString(), path)
                    .isComplete()) {
                return Kind.IDX_FOLDER;
            }
            if (PngFolderRows.holdsPngs(path)) {
                return Kind.PNG_FOLDER;
            }
            throw new InvalidSettingException("dataDir", path + " holds neither the four IDX files ("
                    + String.join(", ", IdxFolder.FILE_NAMES) + ") nor PNG images");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(path)) {
            throw new InvalidSettingException("dataDir", "the data " + (name.contains(".") ? "file " : "directory ")
                    + path + " does not exist");
        }
        if (name.endsWith(".csv")) {
            return Kind.CSV;
        }
        if (name.endsWith(".npy")) {
            return Kind.NPY;
        }
        throw new InvalidSettingException("dataDir", path + " is not a .csv or .npy file, nor a folder of IDX files"
                + " or PNG images");
    }

    /**
     * A reader of {@code path}; for an IDX folder, of its test file (the training file is split by
     * {@link IdxFolder#referenceSplits()}).
     *
     * @param labelColumn the CSV column with class labels, or {@code null}; only CSV files have one
     */
    public static RowReader open(Path path, String labelColumn) {
        Kind kind = kindOf(path);
        if (labelColumn != null && kind != Kind.CSV) {
            throw new InvalidSettingException("labelColumn", "a label column applies to CSV files; " + path
                    + " is not one");
        }
        return switch (kind) {
            case CSV -> new CsvRows(path, labelColumn);
            case NPY -> new NpyRows(path);
            case PNG_FOLDER -> new PngFolderRows(path);
            case IDX_FOLDER -> new HeldRows(new IdxFolder(path.getFileName().toString(), path).test());
        };
    }

    /** All of {@code path} in memory, as {@link #open} reads it. */
    public static Loaded read(Path path, String labelColumn) {
        try (RowReader reader = open(path, labelColumn)) {
            Rows rows = reader.next(Integer.MAX_VALUE);
            if (rows.size() == 0) {
                throw new NiceException(path + ": no rows");
            }
            return new Loaded(rows, reader.classNames());
        }
    }

    /**
     * A whole data file with the names of its classes where the source names them (see
     * {@link RowReader#classNames()}).
     */
    public record Loaded(Rows rows, List<String> classNames) {}
}
