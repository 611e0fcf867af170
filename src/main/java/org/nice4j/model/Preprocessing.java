package org.nice4j.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.nice4j.ImageShape;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;
import org.nice4j.data.Binarizer;
import org.nice4j.data.DataShape;
import org.nice4j.data.Dequantizer;
import org.nice4j.data.Examples;
import org.nice4j.data.ImageDataset;
import org.nice4j.data.ImageExamples;
import org.nice4j.data.PixelRange;
import org.nice4j.data.Rows;
import org.nice4j.data.Table;

/**
 * How raw data becomes model input. For images of {@code levels} grey levels the paper's dequantization applies:
 * x = (pixel + u)/levels, u ~ U(0, 1), so x lies in [0, 1], or that value mapped onto [−1, 1] ({@code range}).
 * {@code levels == 0} marks continuous data that is used as it is (toy densities, tables). {@code binarized} images
 * are drawn as binary pixels instead, each 1 with probability pixel/255 (see {@link Binarizer}), and scored as
 * discrete data in nats.
 *
 * @param channels image channels, 1 for grey and for non-image data
 * @param height   image height (1 for non-image data)
 * @param width    image width (D for non-image data)
 * @param range    the interval dequantized pixels fill
 * @param binarized whether images are binarized rather than dequantized; absent from the JSON when not, as in files
 *                 written before binarization existed
 */
public record Preprocessing(int levels, int channels, int height, int width, PixelRange range,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean binarized) {
    public Preprocessing {
        Objects.requireNonNull(range, "range");
        if (levels < 0 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("bad preprocessing: levels=" + levels + " " + channels + "x" + height
                    + "x" + width);
        }
        if (binarized && levels == 0) {
            throw new InvalidSettingException("binarize", "only images can be binarized; the data is continuous rows");
        }
    }

    /** Dequantized images, or continuous rows when {@code levels} is 0. */
    public Preprocessing(int levels, int channels, int height, int width, PixelRange range) {
        this(levels, channels, height, width, range, false);
    }

    /** Reads a model file's preprocessing; files written before channels and range existed hold grey [0, 1] images. */
    @JsonCreator
    static Preprocessing fromJson(@JsonProperty("levels") int levels, @JsonProperty("channels") Integer channels,
            @JsonProperty("height") int height, @JsonProperty("width") int width,
            @JsonProperty("range") PixelRange range, @JsonProperty("binarized") boolean binarized) {
        return new Preprocessing(levels, channels == null ? 1 : channels, height, width,
                range == null ? PixelRange.UNIT : range, binarized);
    }

    /** Grey images of 256 levels on [0, 1], as the paper's MNIST. */
    public static Preprocessing images(int height, int width) {
        return new Preprocessing(Dequantizer.DEFAULT_LEVELS, 1, height, width, PixelRange.UNIT);
    }

    /** The same images binarized (see {@link Binarizer}) rather than dequantized. */
    public Preprocessing binarize() {
        return new Preprocessing(levels, channels, height, width, range, true);
    }

    public static Preprocessing continuous(int dimension) {
        return new Preprocessing(0, 1, 1, dimension, PixelRange.UNIT);
    }

    /**
     * This preprocessing for data of {@code shape}: images keep this one's levels and range with the data's image
     * shape, tables become continuous rows of the data's width.
     *
     * @throws InvalidSettingException ("preset") when this preprocessing is for images and the data is a table, or
     *         the other way round
     */
    public Preprocessing fittedTo(DataShape shape) {
        if (shape.isImage() != isImage()) {
            throw new InvalidSettingException("preset", "the model takes " + (isImage() ? "images" : "continuous rows")
                    + ", the data is " + shape.describe());
        }
        ImageShape image = shape.image();
        return isImage() ? new Preprocessing(levels, image.channels(), image.height(), image.width(), range, binarized)
                : continuous(shape.dimension());
    }

    @JsonIgnore
    public int dimension() {
        return channels * height * width;
    }

    @JsonIgnore
    public boolean isImage() {
        return levels > 0;
    }

    /** The shape of the data this model takes: an image, or a row of {@link #dimension()} values. */
    @JsonIgnore
    public DataShape dataShape() {
        return isImage() ? DataShape.image(imageShape()) : DataShape.table(dimension());
    }

    /** How a row folds into an image (one channel, one row of D pixels for non-image data). */
    @JsonIgnore
    public ImageShape imageShape() {
        return new ImageShape(channels, height, width);
    }

    /**
     * {@code rows} as model input: images dequantized or binarized (with evaluation draws fixed by each example's index
     * in its file, the first being {@code firstIndex}), table rows as they are.
     */
    public Examples examples(Rows rows, long firstIndex) {
        if (!rows.dataShape().equals(dataShape())) {
            throw new NiceException(rows.name() + ": the model takes " + dataShape().describe() + ", the data is "
                    + rows.dataShape().describe());
        }
        return rows instanceof ImageDataset images
                ? new ImageExamples(images, binarized ? new Binarizer() : new Dequantizer(levels, range), firstIndex)
                : ((Table) rows).examples();
    }

    /** Model-space image rows mapped to [0, 1] intensities for pictures (a no-op for the [0, 1] range). */
    public float[][] displayed(float[][] rows) {
        if (range == PixelRange.UNIT || binarized) {
            return rows;
        }
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new float[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                out[i][j] = range.toUnit(rows[i][j]);
            }
        }
        return out;
    }

    /**
     * Converts a mean log-density in nats to bits per dimension. For images, of the discrete data:
     * (−LL/D + ln(levels / span))/ln 2, the scale used by later flow papers; span is the length of the pixel range,
     * which stretches the density of the pixel levels by a constant factor per dimension. For continuous data there
     * are no levels: −LL/(D ln 2), a differential entropy rate that may be negative. Binarized images are scored as
     * the binary data they are: −LL/(D ln 2).
     */
    public double bitsPerDim(double meanLogLikelihood) {
        double levelsPerUnit = isImage() && !binarized ? levels / range.span() : 1;
        return (-meanLogLikelihood / dimension() + Math.log(levelsPerUnit)) / Math.log(2);
    }
}
