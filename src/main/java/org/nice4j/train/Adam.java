package org.nice4j.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** Adam (Kingma &amp; Ba) with bias correction; GIN's optimizer and a robust default for new architectures. */
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
        m.muli(scalar(beta1)).addi(g.mul(scalar(1 - beta1)));
        v.muli(scalar(beta2)).addi(g.square().muli(scalar(1 - beta2)));
        double correctedRate = learningRate * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
        p.subi(m.div(v.sqrt().addi(scalar(epsilon))).muli(scalar(correctedRate)));
        g.muli(scalar(0));
    }
}
