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
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nice4j.NiceException;

/**
 * bfloat16 matrix products through a TorchScript module that libtorch compiles when it loads it. DJL 0.35's PyTorch
 * bridge cannot name bfloat16: its type table ends at complex64, and {@code toType(DataType.BFLOAT16)} ends the JVM
 * (the bridge rethrows with no active C++ exception, so the process calls {@code std::terminate}). Inside TorchScript
 * the roundings are ordinary, differentiable {@code aten::to} calls, and only float32 tensors cross into Java.
 *
 * <p>The module is written here as source, packed into the archive layout {@code torch.jit.load} reads (the code, a
 * pickled instance of the class, its empty constants table and the format version), and loaded once per process.
 */
final class BFloat16Kernels {
    /** c10's ScalarType codes: 15 is BFloat16, 6 is Float (float32). */
    private static final String SOURCE = """
            class Kernels(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Kernels, x: Tensor, w: Tensor, b: Tensor) -> Tensor:
                y = torch.linear(torch.to(x, 15), torch.to(w, 15), torch.to(b, 15))
                return torch.to(y, 6)
              def bfloat16(self: __torch__.Kernels, x: Tensor) -> Tensor:
                return torch.to(x, 15)
            """;

    private BFloat16Kernels() {}

    /** x·Wᵀ + b with the three rounded to bfloat16, returned as float32 in x's manager; on the tape when recording. */
    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        // "training" mode runs the method as it is, under the caller's autograd setting; the other mode turns it off.
        return IValueUtils.forward(Module.BLOCK, new NDList(x, weight, bias), true).singletonOrThrow();
    }

    /** x rounded to bfloat16, in x's manager (an operand for further engine operations only). */
    static NDArray bfloat16(NDArray x) {
        try (IValue in = IValue.from((PtNDArray) x);
                IValue out = IValueUtils.runMethod(Module.BLOCK, "bfloat16", in)) {
            return out.toTensor((PtNDManager) x.getManager());
        }
    }

    /** Loaded on first use, once per process, into a manager that lives as long as the process. */
    private static final class Module {
        static final PtSymbolBlock BLOCK = load();

        private static PtSymbolBlock load() {
            Devices.offline();
            PtNDManager manager = (PtNDManager) NDManager.newBaseManager("PyTorch");
            try {
                return JniUtils.loadModule(manager, new ByteArrayInputStream(archive()), true, false);
            } catch (IOException | RuntimeException e) {
                manager.close();
                throw new NiceException("the engine cannot compile its bfloat16 kernels (" + e.getMessage() + ")");
            }
        }

        /** The TorchScript archive of {@link #SOURCE}: entries stored uncompressed under one top-level folder. */
        private static byte[] archive() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                put(zip, "version", ascii("3\n"));
                put(zip, "code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
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
}
