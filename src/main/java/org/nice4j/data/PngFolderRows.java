package org.nice4j.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nice4j.ImageShape;
import org.nice4j.NiceException;

/**
 * A folder of PNG images of one size, grey or RGB (read with javax.imageio; an alpha channel is dropped), read a
 * chunk of images at a time in file-name order. Either the PNG files lie in the folder itself (unlabelled), or in
 * class sub-folders: the sub-folders' names, sorted, are the classes 0, 1, 2, … Files that are not PNG are ignored.
 */
public final class PngFolderRows implements RowReader {
    private static final String SUFFIX = ".png";
    private static final int MAX_CLASSES = 256; // labels are stored as unsigned bytes

    private final Path folder;
    private final List<Path> files = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private final List<String> classes = new ArrayList<>();
    private final ImageShape image;
    private int read;

    /** Lists the folder's images and reads the first to learn their shape. */
    public PngFolderRows(Path folder) {
        this.folder = folder;
        List<Path> loose = pngs(folder);
        List<Path> classFolders = entries(folder).stream().filter(Files::isDirectory).toList();
        if (!loose.isEmpty() && !classFolders.isEmpty()) {
            throw new NiceException(folder + ": holds both PNG files and sub-folders; put all images either in the"
                    + " folder itself or in one sub-folder per class");
        }
        files.addAll(loose);
        for (Path classFolder : classFolders) {
            List<Path> ofClass = pngs(classFolder);
            labels.addAll(ofClass.stream().map(f -> classes.size()).toList());
            files.addAll(ofClass);
            classes.add(classFolder.getFileName().toString());
        }
        if (files.isEmpty()) {
            throw new NiceException(folder + ": no PNG images (*.png) in the folder or its sub-folders");
        }
        if (classes.size() > MAX_CLASSES) {
            throw new NiceException(folder + ": " + classes.size() + " class sub-folders; at most " + MAX_CLASSES
                    + " are supported");
        }
        BufferedImage first = decode(files.get(0));
        this.image = new ImageShape(first.getColorModel().getNumColorComponents() == 1 ? 1 : 3, first.getHeight(),
                first.getWidth());
    }

    /** Whether {@code path} is a file this reader would take as a PNG image. */
    static boolean isPng(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(SUFFIX);
    }

    /** Whether {@code folder} holds PNG images, directly or in sub-folders. */
    static boolean holdsPngs(Path folder) {
        return !pngs(folder).isEmpty() || entries(folder).stream().anyMatch(p -> Files.isDirectory(p)
                && !pngs(p).isEmpty());
    }

    @Override
    public DataShape shape() {
        return DataShape.image(image);
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(files.size());
    }

    @Override
    public boolean labelled() {
        return !classes.isEmpty();
    }

    @Override
    public List<String> classNames() {
        return List.copyOf(classes);
    }

    @Override
    public ImageDataset next(int max) {
        int n = Math.min(max, files.size() - read);
        int d = image.size();
        byte[] pixels = new byte[n * d];
        byte[] chunkLabels = labelled() ? new byte[n] : null;
        for (int i = 0; i < n; i++) {
            Path file = files.get(read + i);
            copyPixels(file, decode(file), pixels, i * d);
            if (chunkLabels != null) {
                chunkLabels[i] = (byte) (int) labels.get(read + i);
            }
        }
        read += n;
        return new ImageDataset(folder.getFileName().toString(), image.channels(), image.height(), image.width(),
                pixels, chunkLabels);
    }

    @Override
    public void close() {
        // files are opened and closed one image at a time
    }

    private void copyPixels(Path file, BufferedImage png, byte[] out, int offset) {
        int channels = png.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
        if (png.getHeight() != image.height() || png.getWidth() != image.width() || channels != image.channels()) {
            throw new NiceException(file + ": " + describe(channels, png.getHeight(), png.getWidth()) + ", but "
                    + files.get(0).getFileName() + " is " + describe(image.channels(), image.height(), image.width())
                    + "; all images must have one size and colour type");
        }
        int plane = image.height() * image.width();
        Raster raster = png.getRaster();
        int grey = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int p = offset + y * image.width() + x;
                if (channels == 1) {
                    out[p] = (byte) Math.round(raster.getSample(x, y, 0) * 255.0 / grey);
                } else {
                    int rgb = png.getRGB(x, y);
                    out[p] = (byte) (rgb >> 16);
                    out[p + plane] = (byte) (rgb >> 8);
                    out[p + 2 * plane] = (byte) rgb;
                }
            }
        }
    }

    private static String describe(int channels, int height, int width) {
        return (channels == 1 ? "grey " : "RGB ") + width + "x" + height;
    }

    private static BufferedImage decode(Path file) {
        try {
            BufferedImage png = ImageIO.read(file.toFile());
            if (png == null) {
                throw new NiceException(file + ": not a readable PNG image");
            }
            return png;
        } catch (IOException e) {
            throw new NiceException(file + ": not a readable PNG image (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> pngs(Path folder) {
        return entries(folder).stream().filter(PngFolderRows::isPng).toList();
    }

    private static List<Path> entries(Path folder) {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new NiceException(folder + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
    }
}
