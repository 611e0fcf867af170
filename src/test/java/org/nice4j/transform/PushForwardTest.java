package org.nice4j.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nice4j.Engines;
import org.nice4j.Jacobians;
import org.nice4j.NiceException;
import org.nice4j.nn.Init;
import org.nice4j.nn.Mlp;

/** Jacobian-vector products through NICE's layers against J·v with J from autograd, on random flows. */
class PushForwardTest {
    private static final NDManager manager = Engines.shared();

    @Property(tries = 15)
    void tangentsAreTheJacobianTimesTheVector(@ForAll @IntRange(min = 2, max = 8) int dimension,
            @ForAll @IntRange(min = 1, max = 4) int couplings, @ForAll long seed) {
        try (NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            List<Transform> steps = new ArrayList<>();
            for (int i = 0; i < couplings; i++) {
                steps.add(new AdditiveCoupling(Partition.oddEven(dimension, i % 2),
                        Mlp.factory(scope, 6, 2, Init.HE, 0, false, rng)));
            }
            DiagonalScaling s = new DiagonalScaling(scope, dimension);
            s.logScale().addi(TransformPropertiesTest.randomArray(scope, rng, new Shape(dimension), 1.0));
            steps.add(s);
            Composite flow = new Composite(steps);
            NDArray x = TransformPropertiesTest.randomArray(scope, rng, new Shape(3, dimension), 2.0);
            NDArray v = TransformPropertiesTest.randomArray(scope, rng, new Shape(3, dimension), 1.0);
            PushedForward p = flow.pushForward(x, v);
            Transformed t = flow.forward(x);
            assertArrayEquals(t.value().toFloatArray(), p.value().toFloatArray(), 1e-5f, "value");
            assertArrayEquals(t.logDet().toFloatArray(), p.logDet().toFloatArray(), 1e-5f, "log-determinant");
            double[][][] jac = Jacobians.of(a -> flow.forward(a).value(), x);
            float[] vs = v.toFloatArray();
            float[] tangent = p.tangent().toFloatArray();
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < dimension; i++) {
                    double expected = 0;
                    for (int j = 0; j < dimension; j++) {
                        expected += jac[b][i][j] * vs[b * dimension + j];
                    }
                    assertEquals(expected, tangent[b * dimension + i], 1e-3 * (1 + Math.abs(expected)),
                            "(J·v)[" + b + "][" + i + "]");
                }
            }
        }
    }

    @Example
    void transformsWithoutATangentMapSaySo() {
        try (NDManager scope = manager.newSubManager()) {
            Transform affine = new AffineCoupling(Partition.oddEven(4, 0),
                    Mlp.factory(scope, 4, 1, Init.HE, 0, false, new SplittableRandom(1)), 2);
            NDArray x = scope.zeros(new Shape(1, 4));
            NiceException e = assertThrows(NiceException.class, () -> affine.pushForward(x, x));
            assertEquals("AffineCoupling has no Jacobian-vector product; a linearised posterior needs a flow of"
                    + " additive couplings and scaling", e.getMessage());
        }
    }
}
