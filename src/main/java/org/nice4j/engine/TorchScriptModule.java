package org.nice4j.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nice4j.NiceException;

/**
 * A TorchScript module that libtorch compiles from source when it loads it: the way to reach engine operations DJL
 * 0.35 cannot name (bfloat16) or would run as many separate passes over memory (fused optimizer updates).
 *
 * <p>The methods become those of a {@code class Kernels(Module)} without parameters, packed into the archive layout
 * {@code torch.jit.load} reads (the code, a pickled instance of the class, its empty constants table and the format
 * version) and loaded into a manager that lives as long as the process, so keep one instance per source.
 */
public final class TorchScriptModule {
    /** The class the methods are compiled into: no parameters or buffers, only the mode flag every module has. */
    private static final String CLASS_HEADER = """
            class Kernels(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
            """;

    private final PtSymbolBlock block;

    /**
     * @param methods TorchScript methods ({@code def name(self: __torch__.Kernels, …)}), unindented
     * @param purpose what the module is for, named in the error when libtorch cannot compile it
     */
    public TorchScriptModule(String methods, String purpose) {
        Devices.prepareThread();
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager("PyTorch");
        try {
            String source = CLASS_HEADER + methods.indent(2);
            block = JniUtils.loadModule(manager, new ByteArrayInputStream(archive(source)), true, false);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw new NiceException("the engine cannot compile its " + purpose + " (" + e.getMessage() + ")");
        }
    }

    PtSymbolBlock block() {
        return block;
    }

    /**
     * Runs the module's {@code forward} on a tensor and lists of tensors (each a TorchScript {@code List[Tensor]})
     * under the caller's autograd setting, so that inside a gradient collector the whole method is recorded on the
     * tape, and returns its single tensor in x's manager.
     *
     * <p>DJL passes lists to a module only by name: arrays named {@code "name[]"} are gathered into one list. The call
     * names fresh views of the arrays (a view shares storage and passes gradients through), never the caller's arrays,
     * which other threads may be handing to the same module at the same time. The graph executor's optimisation is
     * turned off on this thread first (the default DJL's own modules run with): its differentiable subgraphs mis-type
     * the gradients of mixed float32 / bfloat16 methods ("expected m1 and m2 to have the same dtype", measured on a
     * chain of layers).
     */
    @SafeVarargs
    final NDArray forwardRecorded(NDArray x, List<NDArray>... lists) {
        try (NDManager call = x.getManager().newSubManager()) {
            NDList inputs = new NDList(x);
            for (int k = 0; k < lists.length; k++) {
                for (NDArray a : lists[k]) {
                    NDArray view = a.reshape(a.getShape());
                    view.attach(call);
                    view.setName("list" + k + "[]");
                    inputs.add(view);
                }
            }
            JniUtils.setGraphExecutorOptimize(false);
            return IValueUtils.forward(block, inputs, true).singletonOrThrow(); // in x's manager
        }
    }

    /**
     * Runs {@code method} on the tensors, then the numbers, as its arguments, for its effect on the tensors (the
     * method's result is discarded). Nothing is recorded for autograd unless the method itself does so.
     */
    public void run(String method, List<NDArray> tensors, double... numbers) {
        List<IValue> arguments = new ArrayList<>(tensors.size() + numbers.length);
        try {
            for (NDArray t : tensors) {
                arguments.add(IValue.from((PtNDArray) t));
            }
            for (double x : numbers) {
                arguments.add(IValue.from(x));
            }
            IValueUtils.runMethod(block, method, arguments.toArray(IValue[]::new)).close();
        } finally {
            arguments.forEach(IValue::close);
        }
    }

    /**
     * Runs {@code method} on lists of tensors (each a TorchScript {@code List[Tensor]}), then the numbers, as its
     * arguments, for its effect on the tensors; like {@link #run(String, List, double...)} otherwise.
     */
    public void runOnLists(String method, List<List<NDArray>> lists, double... numbers) {
        List<IValue> arguments = new ArrayList<>(lists.size() + numbers.length);
        try {
            for (List<NDArray> list : lists) {
                arguments.add(IValue.listFrom(list.stream().map(PtNDArray.class::cast).toArray(PtNDArray[]::new)));
            }
            for (double x : numbers) {
                arguments.add(IValue.from(x));
            }
            IValueUtils.runMethod(block, method, arguments.toArray(IValue[]::new)).close();
        } finally {
            arguments.forEach(IValue::close);
        }
    }

    /**
     * Runs {@code method} on a tensor and a list of tensors and returns the list of tensors it returns, in the first
     * tensor's manager.
     */
    NDArray[] tensors(String method, NDArray tensor, List<NDArray> list) {
        PtNDArray[] items = list.stream().map(PtNDArray.class::cast).toArray(PtNDArray[]::new);
        try (IValue first = IValue.from((PtNDArray) tensor);
                IValue second = IValue.listFrom(items);
                IValue result = IValueUtils.runMethod(block, method, first, second)) {
            return result.toTensorArray((PtNDManager) tensor.getManager());
        }
    }

    /** The TorchScript archive of {@code source}: entries stored uncompressed under one top-level folder. */
    private static byte[] archive(String source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "version", ascii("3\n"));
            put(zip, "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            put(zip, "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // pickle protocol 2: ()
            put(zip, "data.pkl", instancePickle());
        }
        return bytes.toByteArray();
    }

    /** Pickle protocol 2 of a {@code __torch__.Kernels} object whose state is {"training": True}. */
    private static byte[] instancePickle() throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(new byte[] {(byte) 0x80, 2, 'c'}); // PROTO 2, GLOBAL
        p.write(ascii("__torch__\nKernels\n"));
        p.write(new byte[] {')', (byte) 0x81, '}', 'X', 8, 0, 0, 0}); // (), NEWOBJ, {}, 8-byte string
        p.write(ascii("training"));
        p.write(new byte[] {(byte) 0x88, 's', 'b', '.'}); // True, SETITEM, BUILD, STOP
        return p.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry("kernels/" + name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
