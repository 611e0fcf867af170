package org.nice4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.Gaussian;
import org.nice4j.data.ImageDataset;
import org.nice4j.data.PixelRange;
import org.nice4j.io.ModelFile;
import org.nice4j.model.CouplingKind;
import org.nice4j.model.FlowModel;
import org.nice4j.model.Layout;
import org.nice4j.model.ModelConfig;
import org.nice4j.model.NetworkConfig;
import org.nice4j.model.PartitionKind;
import org.nice4j.model.Preprocessing;
import org.nice4j.model.Presets;
import org.nice4j.model.WhiteningKind;
import org.nice4j.nn.Init;
import org.nice4j.prior.PriorKind;

/**
 * The {@code nice-rgb} preset is the NICE paper's SVHN/CIFAR-10 model, and on RGB images whose channels move together
 * (as natural images' do) its approximate whitening is what lets a few epochs of additive couplings fit them.
 */
class NiceRgbPresetTest {
    private static final int SIDE = 6;

    @TempDir
    Path dir;

    @Test
    void presetIsThePapersSvhnAndCifarModel() {
        Presets.Preset p = Presets.get("nice-rgb");
        ModelConfig m = p.flow();
        assertEquals(CouplingKind.ADDITIVE, m.coupling());
        assertEquals(new Layout.Flat(4, PartitionKind.ODD_EVEN), m.layout());
        assertEquals(new NetworkConfig(5000, 3, Init.UNIFORM, 0.01, false), m.network());
        assertTrue(m.scaling());
        assertEquals(PriorKind.NORMAL, m.prior());
        assertEquals(WhiteningKind.APPROXIMATE, m.whitening());
        assertEquals(3 * 32 * 32, p.preprocessing().dimension());
        assertEquals(PixelRange.SYMMETRIC, p.preprocessing().range());
        assertEquals(256, p.preprocessing().levels());
    }

    @Test
    void approximateWhiteningLetsAShrunkNiceRgbFitCorrelatedColourImages() {
        Presets.Preset p = Presets.get("nice-rgb");
        Preprocessing pre = new Preprocessing(256, 3, SIDE, SIDE, PixelRange.SYMMETRIC);
        TrainingRun.Data data = new TrainingRun.Data(pre.examples(images(600, 1), 0), pre.examples(images(200, 2), 0),
                pre.examples(images(200, 3), 0));
        TrainingConfig config = new TrainingConfig(3, 100, OptimizerSettings.Adam.standard(), 1e-3, List.of(), 0, 600,
                0);
        ModelConfig shrunk = p.flow().withNetwork(new NetworkConfig(32, 3, Init.UNIFORM, 0.01, false));
        double whitened = TrainingRun.start(dir.resolve("whitened"), shrunk, pre, config, Device.cpu(), data, Map.of(),
                new TrainingListener() {}).testLogLikelihood();
        double plain = TrainingRun.start(dir.resolve("plain"), shrunk.withWhitening(WhiteningKind.NONE), pre, config,
                Device.cpu(), data, Map.of(), new TrainingListener() {}).testLogLikelihood();
        System.out.printf("nice-rgb shrunk, 3 epochs: %.1f nats whitened, %.1f without%n", whitened, plain);
        assertTrue(whitened > plain + 60, "whitened " + whitened + " nats against " + plain + " without");
        assertTrue(Files.exists(dir.resolve("whitened/whitening/model.nice4j")));
        assertTrue(Files.exists(dir.resolve("whitened/samples.png")));
        try (FlowModel model = ModelFile.load(dir.resolve("whitened/model.nice4j"), Device.cpu()).flow()) {
            int inside = 0;
            float[][] samples = model.sample(20, 1.0, 4);
            for (float[] row : samples) {
                for (float v : row) {
                    inside += Math.abs(v) <= 1.2 ? 1 : 0;
                }
            }
            assertTrue(inside > 0.9 * samples.length * pre.dimension(), "samples decode through the whitening into"
                    + " the pixel range: " + inside + " of " + samples.length * pre.dimension());
        }
    }

    /**
     * Colour images whose three channels share one smooth luminance pattern (a random gradient plus a blob) under a
     * random tint, with a little pixel noise: strongly correlated coordinates, as in SVHN or CIFAR-10.
     */
    private static ImageDataset images(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int plane = SIDE * SIDE;
        byte[] pixels = new byte[n * 3 * plane];
        for (int i = 0; i < n; i++) {
            double gx = Gaussian.next(rng);
            double gy = Gaussian.next(rng);
            double cx = rng.nextDouble(0, SIDE);
            double cy = rng.nextDouble(0, SIDE);
            double[] tint = {rng.nextDouble(0.5, 1), rng.nextDouble(0.5, 1), rng.nextDouble(0.5, 1)};
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    double luminance = 0.5 + 0.06 * (gx * (x - SIDE / 2.0) + gy * (y - SIDE / 2.0))
                            + 0.3 * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 4);
                    for (int c = 0; c < 3; c++) {
                        double v = 255 * tint[c] * luminance + 3 * Gaussian.next(rng);
                        pixels[i * 3 * plane + c * plane + y * SIDE + x] = (byte) Math.max(0, Math.min(255,
                                Math.round(v)));
                    }
                }
            }
        }
        return new ImageDataset("rgb-blobs", 3, SIDE, SIDE, pixels, null);
    }
}
