package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
     * Epochs of the approximate whitening. It is a Gaussian fit on standardised columns, which the run's optimizer
     * brings close to its optimum in a few epochs; the best epoch on validation is kept.
     */
    public static final int APPROXIMATE_EPOCHS = 10;
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
            zca.fit(moments.mean(), moments.covariance());
        } else if (stage instanceof TriangularAffine triangular) {
            ColumnMoments moments = ColumnMoments.of(train, flow.manager(), seed, false);
            trainApproximate(flow, triangular, moments, spreads(moments, train), train, valid,
                    config.withEpochs(APPROXIMATE_EPOCHS), new RunDirectory(run.dir().resolve("whitening")), listener);
        } else {
            throw new IllegalArgumentException("no fit for the stage " + stage.getClass().getSimpleName());
        }
    }

    /**
     * Trains z = L u + b on the standardised columns u = (x − μ)/σ, so the off-diagonal coefficients are regression
     * coefficients of order one whatever the units, then folds the standardisation into the stage: L u + b = L'x + b'
     * with L' = L diag(1/σ), still lower triangular. With L = diag(e^s)(I + M): s'_d = s_d − log σ_d,
     * M'_dj = M_dj σ_d/σ_j and b' = b − L μ/σ.
     */
    private static void trainApproximate(FlowModel flow, TriangularAffine target, ColumnMoments moments, double[] std,
            Examples train, Examples valid, TrainingConfig config, RunDirectory run, TrainingListener listener) {
        int d = flow.dimension();
        try (FlowModel gaussian = FlowModel.create(APPROXIMATE, flow.preprocessing(), flow.device(), config.seed())) {
            ((Standardization) steps(gaussian).get(0)).fit(moments.mean(), std);
            Optimizer optimizer = config.optimizer().create(gaussian.parameters());
            new Trainer(gaussian, optimizer, new WeightAverage(gaussian.parameters(), config.averageDecay()), config,
                    TrainingState.start(), run,
                    Map.of("stage", "approximate whitening (NICE appendix B)"), listener).train(train, valid);
        }
        try (FlowModel best = ModelFile.load(run.model(), flow.device(), APPROXIMATE).flow()) {
            Map<String, NDArray> learned = steps(best).get(1).parameters();
            double[] lower = host(learned.get("lower"));
            double[] logDiagonal = host(learned.get("log_diagonal"));
            double[] bias = host(learned.get("bias"));
            double[] mean = moments.mean();
            for (int i = 0; i < d; i++) {
                double standardisedMean = mean[i] / std[i];
                for (int j = 0; j < i; j++) {
                    standardisedMean += lower[i * d + j] * mean[j] / std[j];
                    lower[i * d + j] *= std[i] / std[j];
                }
                bias[i] -= Math.exp(logDiagonal[i]) * standardisedMean;
                logDiagonal[i] -= Math.log(std[i]);
            }
            target.fit(lower, logDiagonal, bias);
        }
    }

    private static List<Transform> steps(FlowModel gaussian) {
        return ((Composite) gaussian.transform()).steps();
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

    /**
     * The approximate whitening as a flow of its own: fixed standardisation, then z = Lx + b learned, over a standard
     * normal prior.
     */
    private static final FlowArchitecture APPROXIMATE = new FlowArchitecture() {
        @Override
        public List<Transform> transforms(NDManager manager, int dimension, SplittableRandom rng) {
            return List.of(new Standardization(manager, dimension), TriangularAffine.trainable(manager, dimension));
        }

        @Override
        public Prior prior(NDManager manager, int dimension) {
            return new NormalPrior();
        }
    };
}
