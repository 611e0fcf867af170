package org.nice4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;

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
    /** A 3×3 convolution with stride 1 and padding 1 (the size that keeps the image), as ConvNet's layers are. */
    private static final String CONV_SOURCE = """
            def forward(self: __torch__.Kernels, x: Tensor, w: Tensor, b: Tensor) -> Tensor:
              y = torch.conv2d(torch.to(x, 15), torch.to(w, 15), torch.to(b, 15), [1, 1], [1, 1], [1, 1], 1)
              return torch.to(y, 6)
            """;

    private BFloat16Kernels() {}

    /** x·Wᵀ + b with the three rounded to bfloat16, returned as float32 in x's manager; on the tape when recording. */
    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        // "training" mode runs the method as it is, under the caller's autograd setting; the other mode turns it off.
        return IValueUtils.forward(Module.LINEAR, new NDList(x, weight, bias), true).singletonOrThrow();
    }

    /**
     * The 3×3 convolution (stride 1, padding 1) of x (batch, in, h, w) with kernels (out, in, 3, 3) and bias (out),
     * the three rounded to bfloat16, returned as float32 in x's manager; on the tape when recording.
     */
    static NDArray conv3x3(NDArray x, NDArray kernel, NDArray bias) {
        return IValueUtils.forward(Module.CONV, new NDList(x, kernel, bias), true).singletonOrThrow();
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
        static final PtSymbolBlock CONV = new TorchScriptModule(CONV_SOURCE, "bfloat16 kernels").block();
    }
}
