package org.nice4j.infer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.nice4j.InvalidSettingException;
import org.nice4j.Seeds;

/**
 * The masks of the NICE paper's inpainting figure (Fig. 4), by name, in the figure's order, and user masks drawn
 * as PNG files. For an image of H rows and W columns, with row r, column c and row-major index d = r * W + c
 * (integer halves and quarters round down):
 * <ul>
 *   <li>{@code top}: the top half of the rows is hidden, r &lt; H/2;</li>
 *   <li>{@code bottom}: the bottom half, r &ge; H/2;</li>
 *   <li>{@code odd}: the "odd pixels", odd row-major index d (for an even width, as MNIST's 28, these are the odd
 *       columns; the same parity as the couplings' odd-even partition);</li>
 *   <li>{@code even}: even row-major index d;</li>
 *   <li>{@code left}: the left half of the columns, c &lt; W/2;</li>
 *   <li>{@code right}: c &ge; W/2;</li>
 *   <li>{@code middle-vertical}: a vertical band, the middle half of the columns, W/4 &le; c &lt; W/4 + W/2;</li>
 *   <li>{@code middle-horizontal}: a horizontal band, the middle half of the rows, H/4 &le; r &lt; H/4 + H/2;</li>
 *   <li>{@code random75}, {@code random90}: exactly round(0.75 D), round(0.9 D) pixels, chosen uniformly by a
 *       shuffle seeded from the run seed, one mask shared by all images so that their numbers compare.</li>
 * </ul>
 */
public final class Masks {
    /** The names in the order of the paper's figure. */
    public static final List<String> NAMES = List.of("top", "bottom", "odd", "even", "left", "right",
            "middle-vertical", "middle-horizontal", "random75", "random90");

    /** A user mask pixel at or above this grey level (of 255) is hidden: white marks the hole, as in paint tools. */
    static final int HIDDEN_FROM_GREY = 128;

    private Masks() {}

    /** Every named mask, in the figure's order. */
    public static List<Mask> all(int height, int width, long seed) {
        return named(NAMES, height, width, seed);
    }

    public static List<Mask> named(List<String> names, int height, int width, long seed) {
        List<Mask> out = new ArrayList<>();
        for (String name : names) {
            out.add(named(name, height, width, seed));
        }
        return out;
    }

    /**
     * @throws InvalidSettingException ("mask") for an unknown name, listing the known ones
     */
    public static Mask named(String name, int height, int width, long seed) {
        return switch (name) {
            case "top" -> byRow(name, height, width, r -> r < height / 2);
            case "bottom" -> byRow(name, height, width, r -> r >= height / 2);
            case "left" -> byColumn(name, height, width, c -> c < width / 2);
            case "right" -> byColumn(name, height, width, c -> c >= width / 2);
            case "middle-vertical" -> byColumn(name, height, width, c -> c >= width / 4 && c < width / 4 + width / 2);
            case "middle-horizontal" -> byRow(name, height, width, r -> r >= height / 4 && r < height / 4 + height / 2);
            case "odd" -> byIndex(name, height, width, d -> d % 2 == 1);
            case "even" -> byIndex(name, height, width, d -> d % 2 == 0);
            case "random75" -> random(name, height, width, 0.75, Seeds.mix(seed, 75));
            case "random90" -> random(name, height, width, 0.90, Seeds.mix(seed, 90));
            default -> throw new InvalidSettingException("mask", "unknown mask '" + name + "' (known: all, "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * A mask drawn as a PNG of the image's size: white (grey level &ge; 128) pixels are hidden and inpainted, black
     * ones are observed. Colour images count by their mean channel. The mask is named after the file.
     *
     * @throws InvalidSettingException ("maskFile") naming the file if it is missing, not an image, or of another
     *         size than the model's
     */
    public static Mask fromPng(Path file, int height, int width) {
        BufferedImage image = readImage(file);
        if (image.getHeight() != height || image.getWidth() != width) {
            throw new InvalidSettingException("maskFile", "the mask " + file + " is " + image.getHeight() + "x"
                    + image.getWidth() + " pixels (rows x columns), the model's images are " + height + "x" + width);
        }
        boolean[] hidden = new boolean[height * width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                int rgb = image.getRGB(c, r);
                int grey = (((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF)) / 3;
                hidden[r * width + c] = grey >= HIDDEN_FROM_GREY;
            }
        }
        return new Mask(file.getFileName().toString(), height, width, hidden);
    }

    private static BufferedImage readImage(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidSettingException("maskFile", "the mask file " + file + " does not exist");
        }
        try {
            BufferedImage image = javax.imageio.ImageIO.read(file.toFile());
            if (image == null) {
                throw new InvalidSettingException("maskFile", "the mask " + file
                        + " is not a PNG (or other readable) image");
            }
            return image;
        } catch (IOException e) {
            throw new InvalidSettingException("maskFile", "cannot read the mask " + file + " (" + e.getMessage() + ")");
        }
    }

    private static Mask byRow(String name, int height, int width, IntPredicate hiddenRow) {
        return byIndex(name, height, width, d -> hiddenRow.test(d / width));
    }

    private static Mask byColumn(String name, int height, int width, IntPredicate hiddenColumn) {
        return byIndex(name, height, width, d -> hiddenColumn.test(d % width));
    }

    private static Mask byIndex(String name, int height, int width, IntPredicate hiddenIndex) {
        boolean[] hidden = new boolean[height * width];
        for (int d = 0; d < hidden.length; d++) {
            hidden[d] = hiddenIndex.test(d);
        }
        return new Mask(name, height, width, hidden);
    }

    /** Exactly round(fraction * D) hidden pixels: the first ones of a seeded Fisher–Yates shuffle. */
    private static Mask random(String name, int height, int width, double fraction, long seed) {
        int dimension = height * width;
        int[] order = new int[dimension];
        for (int d = 0; d < dimension; d++) {
            order[d] = d;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int count = (int) Math.round(fraction * dimension);
        boolean[] hidden = new boolean[dimension];
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(dimension - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            hidden[order[i]] = true;
        }
        return new Mask(name, height, width, hidden);
    }
}
