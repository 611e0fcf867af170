package org.nice4j.cli;

import java.nio.file.Path;
import org.nice4j.io.ModelFile;
import picocli.CommandLine.Option;

/** The --model FILE option of the commands that use a trained model. */
final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file (RUN_DIR/model.nice4j).")
    Path file;

    ModelFile.Loaded load(CommonOptions common) {
        return ModelFile.load(file, common.device());
    }
}
