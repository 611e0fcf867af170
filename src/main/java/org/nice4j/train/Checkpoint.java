package org.nice4j.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nice4j.Json;
import org.nice4j.NiceException;
import org.nice4j.io.HostTensor;
import org.nice4j.io.ModelFile;
import org.nice4j.io.TensorFile;
import org.nice4j.io.Tensors;
import org.nice4j.model.DensityModel;

/**
 * A training checkpoint: the model as in a model file, plus the optimizer's state arrays, the training settings
 * and the position in the schedule. Written atomically, so a crash leaves the previous checkpoint intact.
 */
public final class Checkpoint {
    private static final String OPTIMIZER_PREFIX = "optimizer/";
    private static final String AVERAGE_PREFIX = "average/";

    /**
     * A checkpoint read back: the model, the settings and position, and the optimizer state and averaged weights to
     * load.
     */
    public record Restored(DensityModel model, TrainingConfig config, TrainingState state, String optimizerId,
            long optimizerSteps, Map<String, HostTensor> optimizerState, Map<String, HostTensor> averageState,
            Map<String, Object> provenance) {

        /** Builds the optimizer the checkpoint was made with and restores its state onto the model's device. */
        public Optimizer restoreOptimizer() {
            Optimizer optimizer = config.optimizer().create(model.parameters());
            if (!optimizer.id().equals(optimizerId)) {
                throw new NiceException("checkpoint optimizer '" + optimizerId + "' differs from the settings' '"
                        + optimizer.id() + "'");
            }
            try (NDManager staging = model.manager().newSubManager()) {
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                optimizerState.forEach((name, t) -> arrays.put(name, Tensors.toEngine(staging, t)));
                optimizer.load(arrays, optimizerSteps);
            }
            return optimizer;
        }

        /** The average of the weights the checkpoint was made with, restored onto the model's device. */
        public WeightAverage restoreAverage() {
            WeightAverage average = new WeightAverage(model.parameters(), config.averageDecay());
            try (NDManager staging = model.manager().newSubManager()) {
                Map<String, NDArray> arrays = new LinkedHashMap<>();
                averageState.forEach((name, t) -> arrays.put(name, Tensors.toEngine(staging, t)));
                average.load(arrays);
            }
            return average;
        }
    }

    private Checkpoint() {}

    public static void save(Path file, DensityModel model, Optimizer optimizer, WeightAverage average,
            TrainingConfig config, TrainingState state, Map<String, Object> provenance) {
        ObjectNode header = ModelFile.header(model, provenance);
        header.set("training", Json.MAPPER.valueToTree(config));
        header.set("state", Json.MAPPER.valueToTree(state));
        header.put("optimizer", optimizer.id());
        header.put("optimizer_steps", optimizer.steps());
        LinkedHashMap<String, HostTensor> tensors = Tensors.toHost(model.tensors(), "");
        tensors.putAll(Tensors.toHost(optimizer.state(), OPTIMIZER_PREFIX));
        tensors.putAll(Tensors.toHost(average.state(), AVERAGE_PREFIX));
        TensorFile.write(file, TensorFile.CHECKPOINT, header, tensors);
    }

    @SuppressWarnings("unchecked")
    public static Restored load(Path file, Device device) {
        TensorFile.Contents c = TensorFile.read(file, TensorFile.CHECKPOINT);
        TrainingConfig config;
        TrainingState state;
        Map<String, Object> provenance;
        try {
            config = Json.MAPPER.treeToValue(c.header().get("training"), TrainingConfig.class);
            state = Json.MAPPER.treeToValue(c.header().get("state"), TrainingState.class);
            provenance = Json.MAPPER.treeToValue(c.header().get("provenance"), Map.class);
        } catch (Exception e) {
            throw new NiceException(file + ": the training state in the header is not readable ("
                    + Json.firstLine(e) + ")");
        }
        if (config == null || state == null) {
            throw new NiceException(file + ": the header has no training state");
        }
        Map<String, HostTensor> parameters = new LinkedHashMap<>();
        Map<String, HostTensor> optimizerState = new LinkedHashMap<>();
        Map<String, HostTensor> averageState = new LinkedHashMap<>();
        c.tensors().forEach((name, t) -> {
            if (name.startsWith(OPTIMIZER_PREFIX)) {
                optimizerState.put(name.substring(OPTIMIZER_PREFIX.length()), t);
            } else if (name.startsWith(AVERAGE_PREFIX)) {
                averageState.put(name.substring(AVERAGE_PREFIX.length()), t);
            } else {
                parameters.put(name, t);
            }
        });
        DensityModel model = ModelFile.rebuild(c.header(), parameters, file, device,
                ModelFile.storedArchitecture(c.header(), file));
        return new Restored(model, config, state, c.header().path("optimizer").asText(),
                c.header().path("optimizer_steps").asLong(), optimizerState, averageState,
                provenance == null ? Map.of() : provenance);
    }
}
