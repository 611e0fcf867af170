package org.nice4j.cli;

import java.nio.file.Path;
import org.nice4j.NiceException;
import org.nice4j.data.ImageDataset;
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
    void requireMatches(Preprocessing pre, ImageDataset images, String what) {
        if (!pre.isImage() || images.dimension() != pre.dimension()) {
            throw new NiceException(file + ": the model expects " + pre.height() + "x" + pre.width()
                    + (pre.isImage() ? " images" : " continuous data") + ", the " + what + " has " + images.rows()
                    + "x" + images.cols() + " images");
        }
    }
}
