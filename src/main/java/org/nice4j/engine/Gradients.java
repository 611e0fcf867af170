package org.nice4j.engine;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The gradient of a scalar with respect to parameters, as fresh arrays ({@code torch.autograd.grad}) rather than
 * accumulated into each parameter's gradient buffer ({@code backward}). Accumulating costs two passes over every
 * parameter a step that an optimizer has no use for: zeroing the buffers after the update and adding the new gradient
 * into them (8% of a bfloat16 training step of nice-mnist, measured with perf); here the engine hands over the
 * gradient it computed.
 */
public final class Gradients {
    private static final String SOURCE = """
            def gradients(self: __torch__.Kernels, loss: Tensor, params: List[Tensor]) -> List[Tensor]:
              found = torch.autograd.grad([loss], params, allow_unused=True)
              out: List[Tensor] = []
              for i in range(len(params)):
                g = found[i]
                if g is None:
                  out.append(torch.zeros_like(params[i]))
                else:
                  out.append(g)
              return out
            """;

    private Gradients() {}

    /**
     * ∂loss/∂p for each parameter p, in order, in the loss's manager; zero for a parameter the loss does not depend on.
     * The loss's autograd graph is released.
     */
    public static NDArray[] of(NDArray loss, List<NDArray> parameters) {
        return Module.INSTANCE.tensors("gradients", loss, parameters);
    }

    /** Compiled on first use, once per process. */
    private static final class Module {
        static final TorchScriptModule INSTANCE = new TorchScriptModule(SOURCE, "gradient");
    }
}
