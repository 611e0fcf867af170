package org.nice4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/** Small data files in the formats users bring: .npy arrays (as numpy.save writes them) and PNG images. */
public final class DataFixtures {
    private DataFixtures() {}

    /**
     * Writes an .npy file (format 1.0) of {@code descr} (for example {@code <f4}, {@code >f8}, {@code |u1}) and
     * {@code shape}, whose elements are {@code values} in C order.
     */
    public static Path npy(Path file, String descr, long[] shape, double[] values) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "))
                + (shape.length == 1 ? "," : "");
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': ("
                + dims + "), }");
        while ((10 + header.length() + 1) % 64 != 0) { // numpy pads the header to a multiple of 64 bytes
            header.append(' ');
        }
        header.append('\n');
        int size = descr.endsWith("f8") ? 8 : descr.endsWith("f4") ? 4 : 1;
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + values.length * size)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.putShort((short) header.length());
        out.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (size) {
                case 8 -> out.putDouble(v);
                case 4 -> out.putFloat((float) v);
                default -> out.put((byte) v);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, out.array());
    }

    /** Writes a grey PNG whose pixel (x, y) is {@code (seed + 7x + 13y) mod 256}. */
    public static Path greyPng(Path file, int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, greyAt(x, y, seed));
            }
        }
        return write(image, file);
    }

    /** The grey value {@link #greyPng} writes at (x, y). */
    public static int greyAt(int x, int y, int seed) {
        return (seed + 7 * x + 13 * y) & 0xFF;
    }

    /** Writes an RGB PNG whose pixel (x, y) is red {@code x * 40}, green {@code y * 40}, blue {@code seed}. */
    public static Path rgbPng(Path file, int width, int height, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 40 & 0xFF) << 16 | (y * 40 & 0xFF) << 8 | seed & 0xFF);
            }
        }
        return write(image, file);
    }

    private static Path write(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
        return file;
    }
}
