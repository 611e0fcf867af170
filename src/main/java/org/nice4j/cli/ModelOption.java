package org.nice4j.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.util.Map;
import org.nice4j.NiceException;
import org.nice4j.ImageShape;
import org.nice4j.Json;
import org.nice4j.data.DataShape;
import org.nice4j.data.Rows;
import org.nice4j.io.ModelFile;
import org.nice4j.model.Preprocessing;
import picocli.CommandLine.Option;

/** The --model FILE option of the commands that use a trained model. */
final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file (RUN_DIR/model.nice4j).")
    Path file;

    ModelFile.Loaded load(CommonOptions common) {
        return ModelFile.load(file, common.device());
    }

    /** Refuses data the model was not built for, naming both shapes. */
    void requireMatches(Preprocessing pre, Rows rows, String what) {
        if (!rows.dataShape().equals(pre.dataShape())) {
            throw new NiceException(file + ": the model expects " + describe(pre.dataShape()) + ", the " + what
                    + " has " + describe(rows.dataShape()));
        }
    }

    /** A model file's provenance as plain values. */
    static Map<String, Object> provenance(ModelFile.Loaded loaded) {
        return Json.MAPPER.convertValue(loaded.provenance(), new TypeReference<Map<String, Object>>() {});
    }

    /** "28x28 images" for grey images, as the IDX commands always said; the shape otherwise. */
    private static String describe(DataShape shape) {
        ImageShape image = shape.image();
        return image != null && image.channels() == 1 ? image.height() + "x" + image.width() + " images"
                : shape.describe();
    }
}
