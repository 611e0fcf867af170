package org.nice4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nice4j.Json;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowModel;
import org.nice4j.model.WhiteningKind;
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
        try (FlowModel flow = loaded.model()) {
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
                var c = flow.architecture().config().orElseThrow();
                out.printf(Locale.ROOT, "%s%n", model.file);
                out.printf(Locale.ROOT, "  architecture  %s%s (%s init)%s, %s prior%n",
                        c.whitening() == WhiteningKind.NONE ? "" : c.whitening().id() + " whitening, then ",
                        c.layout().describe(c), c.network().init().id(),
                        c.scaling() ? ", diagonal scaling" : "",
                        flow.prior().describe());
                out.printf(Locale.ROOT, "  data          %d x %d%s%n", flow.preprocessing().height(),
                        flow.preprocessing().width(), flow.preprocessing().isImage()
                                ? ", dequantized (pixel + u)/" + flow.preprocessing().levels() : ", continuous");
                out.printf(Locale.ROOT, "  parameters    %,d%n", flow.parameterCount());
                out.printf(Locale.ROOT, "  provenance    %s%n", Json.PRETTY.writeValueAsString(loaded.provenance())
                        .replace("\n", "\n                "));
            }
            return 0;
        }
    }
}
