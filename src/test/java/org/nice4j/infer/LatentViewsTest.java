package org.nice4j.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.model.FlowModel;
import org.nice4j.prior.LogisticPrior;
import org.nice4j.prior.NormalPrior;

class LatentViewsTest {

    @Test
    void spectrumHasOneDecreasingScalePerDimension() {
        FlowModel model = SmallModels.trained();
        List<Spectrum.Component> spectrum = Spectrum.of(model.scaling().orElseThrow());

        assertEquals(784, spectrum.size());
        Set<Integer> dims = spectrum.stream().map(Spectrum.Component::dimension).collect(Collectors.toSet());
        assertEquals(784, dims.size());
        for (int i = 1; i < spectrum.size(); i++) {
            assertTrue(spectrum.get(i - 1).sigma() >= spectrum.get(i).sigma(), "rank " + i);
        }
        float s0 = model.scaling().orElseThrow().logScale().toFloatArray()[spectrum.get(0).dimension()];
        assertEquals(Math.exp(-s0), spectrum.get(0).sigma(), 1e-12);
        // An untrained model has every σ = 1, and any order is sorted; training spreads them (by 3% at the time of
        // writing), so the order above is tested on distinct values.
        double spread = spectrum.get(0).sigma() / spectrum.get(783).sigma();
        assertTrue(spread > 1.01, "largest / smallest σ = " + spread);
    }

    @Test
    void spectrumCsvHasAHeaderAndOneLinePerComponent(@TempDir Path dir) throws Exception {
        List<Spectrum.Component> spectrum = List.of(new Spectrum.Component(1, 2.5), new Spectrum.Component(0, 0.5));
        Path csv = dir.resolve("s.csv");
        Spectrum.writeCsv(spectrum, csv);
        assertEquals(List.of("rank,dimension,sigma", "1,1,2.50000000", "2,0,0.500000000"), Files.readAllLines(csv));
    }

    @Test
    void sphereLiesInAThreeDimensionalSubspaceAtTheRadius() {
        float[][] h = SphereManifold.latents(50, 4, 6, 2.0, 9);
        assertEquals(24, h.length);
        for (float[] point : h) {
            double norm = 0;
            for (float v : point) {
                norm += v * v;
            }
            assertEquals(2.0, Math.sqrt(norm), 1e-5);
        }
        assertEquals(3, rank(h), "the points span exactly three dimensions");
    }

    @Test
    void sphereFollowsTheSeed() {
        assertArrayEquals(SphereManifold.latents(20, 2, 3, 1, 4)[5], SphereManifold.latents(20, 2, 3, 1, 4)[5]);
        assertFalse(java.util.Arrays.equals(SphereManifold.latents(20, 2, 3, 1, 4)[5],
                SphereManifold.latents(20, 2, 3, 1, 5)[5]));
    }

    @Test
    void typicalRadiusScalesWithThePrior() {
        assertEquals(Math.sqrt(3), SphereManifold.typicalRadius(new NormalPrior()), 1e-12);
        assertEquals(Math.PI, SphereManifold.typicalRadius(new LogisticPrior()), 1e-12);
    }

    @Test
    void interpolationPathsStartAndEndAtTheImages() {
        FlowModel model = SmallModels.trained();
        float[][] images = SmallModels.testImages(4);
        float[][][] paths = LatentInterpolation.paths(model, new float[][] {images[0], images[2]},
                new float[][] {images[1], images[3]}, 5);

        assertEquals(2, paths.length);
        assertEquals(5, paths[0].length);
        assertArrayEquals(images[0], paths[0][0], 1e-4f);
        assertArrayEquals(images[3], paths[1][4], 1e-4f);
    }

    /** Numerical rank by Gaussian elimination with a tolerance. */
    private static int rank(float[][] rows) {
        double[][] m = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            m[i] = new double[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                m[i][j] = rows[i][j];
            }
        }
        int rank = 0;
        for (int col = 0; col < m[0].length && rank < m.length; col++) {
            int pivot = rank;
            for (int i = rank; i < m.length; i++) {
                if (Math.abs(m[i][col]) > Math.abs(m[pivot][col])) {
                    pivot = i;
                }
            }
            if (Math.abs(m[pivot][col]) < 1e-6) {
                continue;
            }
            double[] t = m[pivot];
            m[pivot] = m[rank];
            m[rank] = t;
            for (int i = rank + 1; i < m.length; i++) {
                double f = m[i][col] / m[rank][col];
                for (int j = col; j < m[i].length; j++) {
                    m[i][j] -= f * m[rank][j];
                }
            }
            rank++;
        }
        return rank;
    }
}
