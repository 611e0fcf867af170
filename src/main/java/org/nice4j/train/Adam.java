package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.nice4j.engine.TorchScriptModule;

/**
 * Adam (Kingma &amp; Ba) with bias correction; GIN's optimizer, {@code nice-mnist}'s and a robust default for new
 * architectures:
 * <pre>
 *   m ← β₁·m + (1−β₁)·g      v ← β₂·v + (1−β₂)·g²      θ ← θ − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε)
 * </pre>
 *
 * <p>Memory-bound as {@link RmsPropMomentum} is, and fused the same way: one TorchScript call walks the flattened
 * arrays in chunks that stay in the L2 cache and applies the formula, one rounding per operation in its order, then
 * zeroes the gradient.
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    public Adam(Map<String, NDArray> parameters, double beta1, double beta2, double epsilon) {
        super(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public String id() {
        return "adam";
    }

    @Override
    protected void update(String name, NDArray p, NDArray g, double learningRate, double momentum, long step) {
        NDArray m = slot(name, p, "m");
        NDArray v = slot(name, p, "v");
        double correctedRate = learningRate * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
        Kernel.MODULE.run("update", List.of(p, g, m, v), beta1, 1 - beta1, beta2, 1 - beta2, epsilon, correctedRate);
    }

    /** Compiled on first use, once per process; chunks and detached views as in {@link RmsPropMomentum}'s. */
    private static final class Kernel {
        static final TorchScriptModule MODULE = new TorchScriptModule("""
                def update(self: __torch__.Kernels, p: Tensor, g: Tensor, m: Tensor, v: Tensor, beta1: float,
                    rest1: float, beta2: float, rest2: float, epsilon: float, rate: float) -> int:
                  ps = torch.split(torch.view(torch.detach(p), [-1]), 131072)
                  gs = torch.split(torch.view(torch.detach(g), [-1]), 131072)
                  ms = torch.split(torch.view(m, [-1]), 131072)
                  vs = torch.split(torch.view(v, [-1]), 131072)
                  for i in range(len(ps)):
                    gi = gs[i]
                    mi = torch.add_(torch.mul_(ms[i], beta1), torch.mul(gi, rest1))
                    vi = torch.add_(torch.mul_(vs[i], beta2), torch.mul_(torch.square(gi), rest2))
                    torch.sub_(ps[i], torch.mul_(torch.div(mi, torch.add_(torch.sqrt(vi), epsilon)), rate))
                    torch.zero_(gi)
                  return len(ps)
                """, "Adam update");
    }
}
