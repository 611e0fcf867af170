package org.nice4j.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.nice4j.NiceException;

/**
 * Tiles grayscale images (samples, reconstructions, inpaintings) into one picture, so a glance at a single PNG
 * shows what a model has learnt.
 *
 * <p>Each image is a row-major {@code height * width} array of intensities in [0, 1], 0 black and 1 white, as
 * MNIST is stored, or three such planes one after the other (red, green, blue: a channel-first RGB image).
 * Samples from a flow stray outside that range, so values are clamped, and NaN (a diverged model) is drawn black
 * rather than failing: the figure is a diagnostic, and a black tile is the diagnosis. Tiles sit on a mid-grey
 * background that separates black MNIST backgrounds from one another; {@code padding} grey pixels go
 * between tiles and around the edge. Pixels are enlarged by an integer {@code scale} with nearest-neighbour
 * blocks, which keeps digits crisp; {@code padding} is in output pixels and is not scaled.
 */
public final class ImageGrid {
    static {
        Headless.ensure();
    }

    /** 28-pixel digits are hard to read at screen resolution; twice that is comfortable. */
    public static final int DEFAULT_SCALE = 2;
    public static final int DEFAULT_PADDING = 2;

    private static final Color BACKGROUND = new Color(96, 96, 96);
    private static final Color LABEL_COLOR = new Color(235, 235, 235);
    private static final int LABEL_MARGIN = 8;

    private ImageGrid() {}

    /** {@link #render(float[][], int, int, int, int, int)} without enlargement. */
    public static BufferedImage render(float[][] images, int height, int width, int gridColumns, int padding) {
        return render(images, height, width, gridColumns, padding, 1);
    }

    /**
     * Tiles {@code images} row by row, {@code min(gridColumns, images.length)} to a row. The result is
     * {@code cols * width * scale + (cols + 1) * padding} pixels wide and
     * {@code rows * height * scale + (rows + 1) * padding} high, with {@code rows = ceil(n / cols)}.
     */
    public static BufferedImage render(
            float[][] images, int height, int width, int gridColumns, int padding, int scale) {
        checkGeometry(height, width, padding, scale);
        if (gridColumns < 1) {
            throw new NiceException("gridColumns must be at least 1, got " + gridColumns);
        }
        if (images.length == 0) {
            throw new NiceException("no images to tile");
        }
        checkSizes(images, height, width, "images");
        int cols = Math.min(gridColumns, images.length);
        int rows = (images.length + cols - 1) / cols;
        int tileW = width * scale;
        int tileH = height * scale;
        BufferedImage out = blank(cols * tileW + (cols + 1) * padding, rows * tileH + (rows + 1) * padding);
        for (int i = 0; i < images.length; i++) {
            int x = padding + (i % cols) * (tileW + padding);
            int y = padding + (i / cols) * (tileH + padding);
            drawTile(out, images[i], height, width, scale, x, y);
        }
        return out;
    }

    /**
     * A figure with one row of tiles per entry of {@code rows}, each headed on the left by its label: an inpainting
     * figure ("original", "top half", "bottom half") or reconstruction pairs. Rows may differ in length; the figure
     * is as wide as the longest. Labels are drawn in a column as wide as the widest label (none if all are empty).
     */
    public static BufferedImage labelledRows(
            List<String> rowLabels, List<float[][]> rows, int height, int width, int padding, int scale) {
        return labelledRows(rowLabels, rows, null, height, width, padding, scale);
    }

    /**
     * Like {@link #labelledRows(List, List, int, int, int, int)}, with one extra tile per row: {@code heatmaps.get(r)}
     * drawn in a black-red-yellow-white scale from 0 to that map's maximum (a map of all zeros stays black). GIN's
     * traversal figures end each row so, showing where a latent variable changes the image.
     */
    public static BufferedImage labelledRows(List<String> rowLabels, List<float[][]> rows, List<float[]> heatmaps,
            int height, int width, int padding, int scale) {
        checkGeometry(height, width, padding, scale);
        if (rowLabels.size() != rows.size() || heatmaps != null && heatmaps.size() != rows.size()) {
            throw new NiceException(rowLabels.size() + " row labels and " + (heatmaps == null ? 0 : heatmaps.size())
                    + " heatmaps for " + rows.size() + " rows");
        }
        int cols = 0;
        for (int r = 0; r < rows.size(); r++) {
            checkSizes(rows.get(r), height, width, "row " + r + " (" + rowLabels.get(r) + ")");
            if (heatmaps != null) {
                checkSizes(new float[][] {heatmaps.get(r)}, height, width, "heatmap " + r);
            }
            cols = Math.max(cols, rows.get(r).length + (heatmaps == null ? 0 : 1));
        }
        if (cols == 0) {
            throw new NiceException("no images to tile");
        }
        int tileW = width * scale;
        int tileH = height * scale;
        Font font = labelFont(tileH);
        int labelW = labelColumnWidth(rowLabels, font);
        int n = rows.size();
        BufferedImage out = blank(labelW + cols * tileW + (cols + 1) * padding, n * tileH + (n + 1) * padding);
        Graphics2D g = textGraphics(out, font);
        try {
            FontMetrics fm = g.getFontMetrics();
            for (int r = 0; r < n; r++) {
                int y = padding + r * (tileH + padding);
                int baseline = y + (tileH + fm.getAscent() - fm.getDescent()) / 2;
                g.drawString(rowLabels.get(r), LABEL_MARGIN, baseline);
                float[][] row = rows.get(r);
                for (int c = 0; c < row.length; c++) {
                    drawTile(out, row[c], height, width, scale, labelW + padding + c * (tileW + padding), y);
                }
                if (heatmaps != null) {
                    drawHeatmap(out, heatmaps.get(r), height, width, scale,
                            labelW + padding + row.length * (tileW + padding), y);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Writes {@code image} (a grid, a chart, anything) to {@code out} atomically, creating parent directories.
     *
     * @throws NiceException naming {@code out} if it cannot be written
     */
    public static void writePng(BufferedImage image, Path out) {
        PngFile.write(image, out);
    }

    /** Renders {@code images} at {@link #DEFAULT_SCALE} and {@link #DEFAULT_PADDING} and writes the PNG. */
    public static void writeGrid(float[][] images, int height, int width, int gridColumns, Path out) {
        writePng(render(images, height, width, gridColumns, DEFAULT_PADDING, DEFAULT_SCALE), out);
    }

    /** Maps an intensity to a byte: clamped to [0, 1], NaN as 0. */
    static int gray(float v) {
        if (!(v > 0f)) {
            return 0; // also NaN
        }
        return v >= 1f ? 255 : Math.round(v * 255f);
    }

    private static void drawTile(BufferedImage out, float[] image, int height, int width, int scale, int x0, int y0) {
        int plane = height * width;
        int green = image.length == plane ? 0 : plane; // a grey image is its own red, green and blue plane
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = (gray(image[i]) << 16) | (gray(image[i + green]) << 8) | gray(image[i + 2 * green]);
        }
        drawPixels(out, rgb, height, width, scale, x0, y0);
    }

    private static void drawHeatmap(BufferedImage out, float[] heat, int height, int width, int scale, int x0, int y0) {
        float max = 0;
        for (float v : heat) {
            max = Float.isFinite(v) ? Math.max(max, v) : max;
        }
        int[] rgb = new int[heat.length];
        for (int i = 0; i < heat.length; i++) {
            float t = max > 0 && Float.isFinite(heat[i]) ? heat[i] / max : 0;
            rgb[i] = (gray(3 * t) << 16) | (gray(3 * t - 1) << 8) | gray(3 * t - 2);
        }
        drawPixels(out, rgb, height, width, scale, x0, y0);
    }

    private static void drawPixels(BufferedImage out, int[] rgbs, int height, int width, int scale, int x0, int y0) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = rgbs[y * width + x];
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    private static BufferedImage blank(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, w, h);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Labels scale with the tiles so they stay legible next to enlarged digits without dwarfing small ones. */
    private static Font labelFont(int tileH) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(12, Math.min(20, tileH / 3)));
    }

    private static int labelColumnWidth(List<String> labels, Font font) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = textGraphics(scratch, font);
        try {
            FontMetrics fm = g.getFontMetrics();
            int widest = 0;
            for (String label : labels) {
                widest = Math.max(widest, fm.stringWidth(label));
            }
            return widest == 0 ? 0 : widest + 2 * LABEL_MARGIN;
        } finally {
            g.dispose();
        }
    }

    private static Graphics2D textGraphics(BufferedImage img, Font font) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        g.setColor(LABEL_COLOR);
        return g;
    }

    private static void checkGeometry(int height, int width, int padding, int scale) {
        if (height < 1 || width < 1) {
            throw new NiceException("image size must be positive, got " + height + "x" + width);
        }
        if (padding < 0) {
            throw new NiceException("padding must not be negative, got " + padding);
        }
        if (scale < 1) {
            throw new NiceException("scale must be at least 1, got " + scale);
        }
    }

    private static void checkSizes(float[][] images, int height, int width, String what) {
        for (int i = 0; i < images.length; i++) {
            if (images[i].length != height * width && images[i].length != 3 * height * width) {
                throw new NiceException(what + ": image " + i + " has " + images[i].length + " values, expected "
                        + height + "x" + width + " = " + height * width + " (grey) or three times that (RGB)");
            }
        }
    }
}
