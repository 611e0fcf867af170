package org.nice4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.nice4j.AtomicFile;

/**
 * An HTTP(S) mirror serving the four gzip IDX files under one base address. Connect and read timeouts are short
 * so that an unreachable mirror fails fast and the next source gets its turn.
 */
final class MirrorSource implements MnistSource {

    private final URI base;
    private final int timeoutMillis;

    /** @param base the directory address, ending in {@code /} */
    MirrorSource(URI base, Duration timeout) {
        this.base = base;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    @Override
    public String description() {
        return base.toString();
    }

    @Override
    public void download(Path dir) throws IOException {
        for (String file : IdxFolder.FILE_NAMES) {
            String gzipName = file + IdxFolder.GZIP_SUFFIX;
            downloadOne(base.resolve(gzipName), dir.resolve(gzipName));
        }
    }

    private void downloadOne(URI address, Path target) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) address.toURL().openConnection();
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        try {
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException(address + ": HTTP " + status);
            }
            try (InputStream body = connection.getInputStream()) {
                AtomicFile.write(target, body::transferTo);
            }
        } finally {
            connection.disconnect();
        }
    }
}
