package org.nice4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nice4j.Json;
import org.nice4j.data.PixelRange;
import org.nice4j.io.ModelFile;
import org.nice4j.model.DensityModel;
import org.nice4j.model.Preprocessing;
import org.nice4j.train.ScoreQuantiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Architecture, size and training provenance of a model file.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        ModelFile.Loaded loaded = model.load(common);
        try (DensityModel flow = loaded.model()) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("file", model.file.toString());
            info.put("model", flow.architecture().config().orElseThrow());
            info.put("preprocessing", flow.preprocessing());
            info.put("parameters", flow.parameterCount());
            info.put("provenance", loaded.provenance());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.PRETTY.writeValueAsString(info));
            } else {
                out.printf(Locale.ROOT, "%s%n", model.file);
                out.printf(Locale.ROOT, "  architecture  %s%n", flow.describe());
                out.printf(Locale.ROOT, "  data          %s%n", describe(flow.preprocessing()));
                out.printf(Locale.ROOT, "  parameters    %,d%n", flow.parameterCount());
                JsonNode provenance = loaded.provenance().deepCopy();
                JsonNode q = provenance instanceof ObjectNode p ? p.remove(ScoreQuantiles.KEY) : null;
                if (q != null) {
                    // a thousand numbers are for score --flag-below-quantile, not for reading
                    out.printf(Locale.ROOT, "  validation    median log-likelihood %.2f nats over %,d rows%n",
                            q.at("/values/" + ScoreQuantiles.STEPS / 2).asDouble(), q.get("count").asInt());
                }
                out.printf(Locale.ROOT, "  provenance    %s%n", Json.PRETTY.writeValueAsString(provenance)
                        .replace("\n", "\n                "));
            }
            return 0;
        }
    }

    /** "28 x 28, dequantized (pixel + u)/256", with the channels and pixel range when they are not grey and [0, 1]. */
    private static String describe(Preprocessing pre) {
        if (!pre.isImage()) {
            return pre.height() + " x " + pre.width() + ", continuous";
        }
        String size = (pre.channels() == 1 ? "" : pre.channels() + " x ") + pre.height() + " x " + pre.width();
        return size + (pre.range() == PixelRange.UNIT ? ", dequantized (pixel + u)/" + pre.levels()
                : ", dequantized 2 (pixel + u)/" + pre.levels() + " - 1 on [-1, 1]");
    }
}
