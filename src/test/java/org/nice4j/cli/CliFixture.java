package org.nice4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.nice4j.infer.SmallModels;
import org.nice4j.io.ModelFile;

/** Runs the CLI in-process on a briefly trained small model saved to a model file. */
final class CliFixture {
    /** What a command printed and returned. */
    record Result(int code, String out, String err) {}

    private CliFixture() {}

    static Path savedModel(Path dir) {
        Path file = dir.resolve("model.nice4j");
        ModelFile.save(SmallModels.trained(), Map.of(), file);
        return file;
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
