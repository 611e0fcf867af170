package org.nice4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.util.List;

/**
 * bfloat16 matrix products through a TorchScript module that libtorch compiles when it loads it. DJL 0.35's PyTorch
 * bridge cannot name bfloat16: its type table ends at complex64, and {@code toType(DataType.BFLOAT16)} ends the JVM
 * (the bridge rethrows with no active C++ exception, so the process calls {@code std::terminate}). Inside TorchScript
 * the roundings are ordinary, differentiable {@code aten::to} calls, and only float32 tensors cross into Java.
 *
 * <p>The modules are written here as source and compiled once per process ({@link TorchScriptModule}).
 */
final class BFloat16Kernels {
    /** c10's ScalarType codes: 15 is BFloat16, 6 is Float (float32). */
    private static final String LINEAR_SOURCE = """
            def forward(self: __torch__.Kernels, x: Tensor, w: Tensor, b: Tensor) -> Tensor:
              y = torch.linear(torch.to(x, 15), torch.to(w, 15), torch.to(b, 15))
              return torch.to(y, 6)
            def bfloat16(self: __torch__.Kernels, x: Tensor) -> Tensor:
              return torch.to(x, 15)
            """;
    /**
     * A chain of layers with ReLU between them and a linear output, its activations kept in bfloat16 from the first
     * product to the last as under {@code torch.autocast}: one rounding of the input and one widening of the output
     * instead of a pair per layer, and one call into the engine for the whole network. Weights and biases may come
     * already rounded ({@link Autocast#frozen}): rounding a bfloat16 array returns it as it is. {@code layer} is the
     * TorchScript that sets h to layer i applied to h.
     */
    private static String chainSource(String layer) {
        return """
                def forward(self: __torch__.Kernels, x: Tensor, weights: List[Tensor], biases: List[Tensor]) -> Tensor:
                  h = torch.to(x, 15)
                  last = len(weights) - 1
                  for i in range(len(weights)):
                %s
                    if i < last:
                      h = torch.relu(h)
                  return torch.to(h, 6)
                """.formatted(layer.indent(4).stripTrailing());
    }

    /** Dense layers, weights (out, in). */
    private static final String DENSE_LAYER = """
            h = torch.linear(h, torch.to(weights[i], 15), torch.to(biases[i], 15))""";
    /** 3×3 convolutions (stride 1, padding 1), each weight stored (out, in·3·3): PyTorch's (out, in, 3, 3) kernel. */
    private static final String CONV_LAYER = """
            kernel = torch.reshape(torch.to(weights[i], 15), [weights[i].size(0), -1, 3, 3])
            h = torch.conv2d(h, kernel, torch.to(biases[i], 15), [1, 1], [1, 1], [1, 1], 1)""";

    private BFloat16Kernels() {}

    /** x·Wᵀ + b with the three rounded to bfloat16, returned as float32 in x's manager; on the tape when recording. */
    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        // "training" mode runs the method as it is, under the caller's autograd setting; the other mode turns it off.
        return IValueUtils.forward(Module.LINEAR, new NDList(x, weight, bias), true).singletonOrThrow();
    }

    /**
     * The dense layers (weights (out, in), biases (out)) applied in turn to x with ReLU between them, in bfloat16,
     * returned as float32 in x's manager; on the tape when recording.
     */
    static NDArray reluChain(NDArray x, List<NDArray> weights, List<NDArray> biases) {
        return Module.CHAIN.forwardRecorded(x, weights, biases);
    }

    /**
     * The convolutions (weights (out, in·3·3), biases (out)) applied in turn to x (batch, in, h, w) with ReLU between
     * them, in bfloat16, returned as float32 in x's manager; on the tape when recording.
     */
    static NDArray reluConvChain(NDArray x, List<NDArray> weights, List<NDArray> biases) {
        return Module.CONV_CHAIN.forwardRecorded(x, weights, biases);
    }

    /** x rounded to bfloat16, in x's manager (an operand for further engine operations only). */
    static NDArray bfloat16(NDArray x) {
        try (IValue in = IValue.from((PtNDArray) x);
                IValue out = IValueUtils.runMethod(Module.LINEAR, "bfloat16", in)) {
            return out.toTensor((PtNDManager) x.getManager());
        }
    }

    /** Compiled on first use, once per process. */
    private static final class Module {
        static final PtSymbolBlock LINEAR = new TorchScriptModule(LINEAR_SOURCE, "bfloat16 kernels").block();
        static final TorchScriptModule CHAIN = new TorchScriptModule(chainSource(DENSE_LAYER), "bfloat16 kernels");
        static final TorchScriptModule CONV_CHAIN = new TorchScriptModule(chainSource(CONV_LAYER), "bfloat16 kernels");
    }
}
