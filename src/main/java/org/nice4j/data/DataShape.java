package org.nice4j.data;

import org.nice4j.ImageShape;

/**
 * What one example of a data source is: an image of a given shape, whose pixels are discrete levels, or a row of
 * real values of a given width.
 *
 * @param dimension values per example
 * @param image     the image shape, or {@code null} for a table
 */
public record DataShape(int dimension, ImageShape image) {

    public DataShape {
        if (dimension < 1 || image != null && image.size() != dimension) {
            throw new IllegalArgumentException("a data shape of " + dimension + " values and image " + image);
        }
    }

    public static DataShape table(int dimension) {
        return new DataShape(dimension, null);
    }

    public static DataShape image(ImageShape image) {
        return new DataShape(image.size(), image);
    }

    public boolean isImage() {
        return image != null;
    }

    /** The shape in words, for messages: "images (3, 32, 32)" or "rows of 8 values". */
    public String describe() {
        return isImage() ? "images (channels, height, width) " + image : "rows of " + dimension + " values";
    }
}
