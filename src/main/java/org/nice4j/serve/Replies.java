package org.nice4j.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.nice4j.Json;
import org.nice4j.NiceException;

/** A finished answer, made on an engine thread and written by the web server's: JSON text or a PNG. */
record Replies(byte[] body, String contentType) {
    static final String JSON = "application/json";
    static final String PNG = "image/png";

    static Replies json(Object value) {
        try {
            return new Replies(Json.MAPPER.writeValueAsBytes(value), JSON);
        } catch (JsonProcessingException e) {
            throw new NiceException("cannot write the answer as JSON (" + Json.firstLine(e) + ")");
        }
    }

    static Replies png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new NiceException("no PNG writer for this image type");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Replies(bytes.toByteArray(), PNG);
    }

    void writeTo(Context ctx) {
        ctx.contentType(contentType).result(body);
    }
}
