package org.nice4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nice4j.Json;
import org.nice4j.NiceException;
import org.nice4j.train.EpochMetrics;
import org.nice4j.train.RunDirectory;
import org.nice4j.train.RunLock;

/**
 * What the runs page shows of each run, read from the files it writes: metrics.csv after every epoch, model.nice4j
 * with each new best, summary.json when it ends. A file that cannot be read becomes the run's error, never a
 * failure of the whole list.
 */
final class RunListing {
    private final RunFolders folders;
    private final ModelChecks checks;

    RunListing(RunFolders folders, ModelChecks checks) {
        this.folders = folders;
        this.checks = checks;
    }

    List<Map<String, Object>> runs() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String id : folders.ids()) {
            out.add(run(id, folders.run(id)));
        }
        return out;
    }

    Map<String, Object> run(String id) {
        return run(id, folders.run(id));
    }

    /** The run's epochs as JSON rows; NaN (no validation split) as null, which JSON can carry. */
    List<Map<String, Object>> metrics(String id) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EpochMetrics m : MetricsFile.read(folders.run(id).metrics())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", m.epoch());
            row.put("train_nll", finite(m.trainNll()));
            row.put("valid_log_likelihood", finite(m.validLl()));
            row.put("learning_rate", finite(m.learningRate()));
            row.put("seconds", finite(m.seconds()));
            out.add(row);
        }
        return out;
    }

    /** The run's summary.json, or an empty object while it trains. */
    JsonNode summary(RunDirectory run) {
        if (!Files.isRegularFile(run.summary())) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(run.summary().toFile());
        } catch (IOException e) {
            throw new NiceException(run.summary() + ": not readable JSON (" + Json.firstLine(e) + ")");
        }
    }

    private Map<String, Object> run(String id, RunDirectory run) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", id);
        List<String> errors = new ArrayList<>();
        JsonNode summary = Json.MAPPER.createObjectNode();
        try {
            summary = summary(run);
        } catch (NiceException e) {
            errors.add(e.getMessage());
        }
        List<EpochMetrics> history = List.of();
        try {
            history = MetricsFile.read(run.metrics());
        } catch (NiceException e) {
            errors.add(e.getMessage());
        }
        ModelChecks.Check model = checks.of(run.model());
        if (model != null && !model.ok()) {
            errors.add(model.error());
        }
        JsonNode provenance = summary.has("provenance") ? summary.get("provenance")
                : model != null && model.ok() ? model.provenance() : Json.MAPPER.createObjectNode();
        info.put("preset", provenance.hasNonNull("preset") ? provenance.get("preset").asText() : null);
        info.put("status", summary.has("epochs") ? "finished" : RunLock.isHeld(run) ? "training" : "stopped");
        info.put("epochs", history.size());
        info.put("best_valid_log_likelihood", history.stream().mapToDouble(EpochMetrics::validLl)
                .filter(Double::isFinite).boxed().max(Double::compare).orElse(null));
        info.put("test_log_likelihood", number(summary, "test_log_likelihood_nats"));
        info.put("test_bits_per_dim", number(summary, "test_bits_per_dim"));
        info.put("model", model != null && model.ok());
        info.put("samples", Files.isRegularFile(run.samples()));
        info.put("error", errors.isEmpty() ? null : String.join("; ", errors));
        return info;
    }

    private static Double number(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asDouble() : null;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
