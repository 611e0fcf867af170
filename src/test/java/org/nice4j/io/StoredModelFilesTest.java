package org.nice4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.nice4j.model.FlowModel;
import org.nice4j.nn.Init;

/**
 * Model files written by an earlier nice4j keep loading, with the same scores: to the last bit, or within float32
 * rounding where an operation now sums in another order (each test says why). The files in
 * {@code src/test/resources/models} were written once, by nice4j at commit 58edca6 (tensor file format 1), and
 * must never be regenerated: a change that fails here would fail every model a user has saved. Each was made by
 * {@code FlowModel.create(config, preprocessing, Device.cpu(), seed)}, 10 Adam steps (lr 1e-2) on the 8 rows of
 * {@link #rows} (labels 0, 1, 0, 1, … for the class-conditional one, then {@code fitClassPrior}), and
 * {@code ModelFile.save}; the expected numbers are what that model's {@code logProb(rows)} returned before saving.
 * Together they cover the additive, affine and GIN couplings, both partitions, diagonal scaling, permutations,
 * staged squeeze/conv/fc layouts, the logistic, normal and class-conditional priors, and image and continuous data.
 */
class StoredModelFilesTest {

    @Test
    void niceAdditiveImageModel() throws Exception {
        // ModelConfig.nice(16, 4, "odd-even", new NetworkConfig(8, 1, Init.HE, 0.01, false), true, "logistic"),
        // new Preprocessing(256, 4, 4), seed 5
        assertScores("nice-additive-4x4", "additive", 592, 0, new double[] {
                -21.55156135559082, -21.9055233001709, -22.41253089904785, -22.46552085876465,
                -22.93463897705078, -22.86296272277832, -22.36465835571289, -21.573341369628906});
    }

    @Test
    void realNvpAffineContinuousModel() throws Exception {
        // new ModelConfig(6, "affine", 4, "halves", new NetworkConfig(8, 1, Init.HE, 0.01, false), true, "normal", 2, 3L),
        // Preprocessing.continuous(6), seed 6
        assertScores("realnvp-affine-6d", "affine", 350, 0, new double[] {
                -14.169347763061523, -7.710085391998291, -5.3260369300842285, -11.889667510986328,
                -7.9649553298950195, -5.806709289550781, -11.400423049926758, -8.821183204650879});
    }

    @Test
    void ginStagedClassConditionalModel() throws Exception {
        // new ModelConfig(16, "gin", 0, null, new NetworkConfig(4, 1, Init.HE, 0, true), false, "class-gaussian", 2, 7L,
        // new ImageShape(1, 4, 4), [squeeze, conv-blocks 1 [4], fc-blocks 1 [8]], 2 classes),
        // new Preprocessing(256, 4, 4), seed 7; scored without labels: the mixture of the 2 stored classes.
        // Its 3x3 convolutions were computed as window gathers and matrix products when it was saved and are native
        // convolutions now, which add each output's 9·c products in another order. Reordering a float32 sum moves it
        // by a few roundings; through 2 conv couplings, 1 dense one and the prior's sum over 16 coordinates that is
        // a few dozen ulps of the score (measured: at most 4), while a wrong kernel layout moves scores by nats.
        assertScores("gin-staged-4x4", "gin", 880, 64, new double[] {
                17.627370834350586, 21.01549530029297, 8.739097595214844, 21.604398727416992,
                7.842845439910889, 17.87653923034668, 6.166218280792236, 19.627120971679688});
    }

    /** @param ulps how many float32 units in the last place of each expected score it may differ by */
    private static void assertScores(String name, String coupling, long parameters, int ulps, double[] expected)
            throws URISyntaxException {
        try (FlowModel model = ModelFile.load(stored(name), Device.cpu()).flow()) {
            assertEquals(coupling, model.architecture().config().orElseThrow().coupling().id());
            assertEquals(parameters, model.parameterCount());
            double[] scores = model.logProb(rows(8, model.dimension(), model.preprocessing().isImage()));
            assertEquals(expected.length, scores.length, name);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], scores[i], ulps * Math.ulp((float) expected[i]), name + ", row " + i);
            }
        }
    }

    /** The rows the stored models were trained a little on and scored: fixed pixel values, or values in [-1, 1). */
    private static float[][] rows(int n, int dimension, boolean image) {
        float[][] x = new float[n][dimension];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dimension; j++) {
                x[i][j] = image ? ((i * 37 + j * 11) % 256 + 0.5f) / 256f : ((i * 7 + j * 3) % 10) / 5f - 1f;
            }
        }
        return x;
    }

    static Path stored(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(StoredModelFilesTest.class.getResource("/models/" + name + ".nice4j"),
                name).toURI());
    }
}
