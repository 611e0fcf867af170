package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nice4j.NiceException;
import org.nice4j.Seeds;
import org.nice4j.data.Examples;
import org.nice4j.io.ModelFile;
import org.nice4j.model.FlowArchitecture;
import org.nice4j.model.FlowModel;
import org.nice4j.prior.NormalPrior;
import org.nice4j.prior.Prior;
import org.nice4j.transform.Composite;
import org.nice4j.transform.Standardization;
import org.nice4j.transform.Transform;
import org.nice4j.transform.TriangularAffine;
import org.nice4j.transform.ZcaWhitening;

/**
 * Fits a flow's whitening stage (see {@link org.nice4j.model.WhiteningKind}) to the training split, before the first
 * training step; the stage then stays as it is. Standardisation and ZCA are computed from the split's moments; NICE's
 * approximate whitening is trained (appendix B): z = Lx + b under a standard normal prior, by maximum likelihood with
 * the run's optimizer and schedules, keeping the epoch best on validation (the paper's early stopping).
 */
public final class WhiteningFit {
    /**
     * Epochs of the approximate whitening. It is a Gaussian fit, which the run's optimizer brings within a small
     * fraction of a nat per coordinate of its optimum in a few epochs from the standardising start; the best epoch
     * on validation is kept.
     */
    public static final int APPROXIMATE_EPOCHS = 10;
    /**
     * ZCA's ε, relative to the mean variance: keeps directions the training split hardly spans (constant pixels, a
     * column that is a sum of others) from being scaled without bound.
     */
    static final double ZCA_RELATIVE_EPSILON = 1e-5;
    /** The noise stream of dequantization while fitting, apart from every training minibatch's. */
    private static final long NOISE_STREAM = 0x3417e;

    private WhiteningFit() {}

    /**
     * Fits {@code flow}'s whitening stage to {@code train}; the approximate whitening trains in the folder
     * {@code whitening} of {@code run} (its model, checkpoint, metrics and curve).
     *
     * @param valid the validation split that chooses the approximate whitening's best epoch, or null for the last
     */
    public static void fit(FlowModel flow, Examples train, Examples valid, TrainingConfig config, RunDirectory run,
            TrainingListener listener) {
        Transform stage = flow.whitening().orElseThrow(() ->
                new IllegalArgumentException("the flow has no whitening stage to fit"));
        long seed = Seeds.mix(config.seed(), NOISE_STREAM);
        if (stage instanceof Standardization standardization) {
            ColumnMoments moments = ColumnMoments.of(train, flow.manager(), seed, false);
            standardization.fit(moments.mean(), spreads(moments, train));
        } else if (stage instanceof ZcaWhitening zca) {
            ColumnMoments moments = ColumnMoments.of(train, flow.manager(), seed, true);
            double meanVariance = Arrays.stream(moments.variance()).average().orElse(1);
            zca.fit(moments.mean(), moments.covariance(), ZCA_RELATIVE_EPSILON * meanVariance);
        } else if (stage instanceof TriangularAffine triangular) {
            ColumnMoments moments = ColumnMoments.of(train, flow.manager(), seed, false);
            trainApproximate(flow, triangular, moments, spreads(moments, train), train, valid,
                    config.withEpochs(APPROXIMATE_EPOCHS), new RunDirectory(run.dir().resolve("whitening")), listener);
        } else {
            throw new IllegalArgumentException("no fit for the stage " + stage.getClass().getSimpleName());
        }
    }

    private static void trainApproximate(FlowModel flow, TriangularAffine target, ColumnMoments moments, double[] std,
            Examples train, Examples valid, TrainingConfig config, RunDirectory run, TrainingListener listener) {
        int d = flow.dimension();
        try (FlowModel gaussian = FlowModel.create(APPROXIMATE, flow.preprocessing(), flow.device(), config.seed())) {
            // The standardising start (L = diag(1/σ), b = −μ/σ) leaves only the correlations to learn.
            double[] logDiagonal = new double[d];
            double[] bias = new double[d];
            for (int i = 0; i < d; i++) {
                logDiagonal[i] = -Math.log(std[i]);
                bias[i] = -moments.mean()[i] / std[i];
            }
            stage(gaussian).fit(new double[d * d], logDiagonal, bias);
            Optimizer optimizer = config.optimizer().create(gaussian.parameters());
            new Trainer(gaussian, optimizer, config, TrainingState.start(), run,
                    Map.of("stage", "approximate whitening (NICE appendix B)"), listener).train(train, valid);
        }
        try (FlowModel best = ModelFile.load(run.model(), flow.device(), APPROXIMATE).model()) {
            Map<String, NDArray> learned = stage(best).parameters();
            target.fit(host(learned.get("lower")), host(learned.get("log_diagonal")), host(learned.get("bias")));
        }
    }

    private static TriangularAffine stage(FlowModel gaussian) {
        return (TriangularAffine) ((Composite) gaussian.transform()).steps().get(0);
    }

    /** The per-column standard deviations, which must all be positive. */
    private static double[] spreads(ColumnMoments moments, Examples train) {
        double[] std = moments.std();
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0)) {
                throw new NiceException("column " + (i + 1) + " of the " + train.size() + " training rows is constant ("
                        + moments.mean()[i] + "): a whitening cannot scale it; drop the column or train without"
                        + " whitening");
            }
        }
        return std;
    }

    private static double[] host(NDArray array) {
        float[] values = array.toFloatArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** The approximate whitening as a flow of its own: z = Lx + b over a standard normal prior. */
    private static final FlowArchitecture APPROXIMATE = new FlowArchitecture() {
        @Override
        public List<Transform> transforms(NDManager manager, int dimension, SplittableRandom rng) {
            return List.of(TriangularAffine.trainable(manager, dimension));
        }

        @Override
        public Prior prior(NDManager manager, int dimension) {
            return new NormalPrior();
        }
    };
}
