package org.nice4j.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.apache.spark.sql.SparkSession;
import org.nice4j.InvalidSettingException;
import org.nice4j.NiceException;

/**
 * The Spark session a job runs in: the one already active (a test's, a notebook's), or a new one for the master
 * that spark-submit configured or the job was given.
 */
final class Sessions {
    /** How long to wait for a standalone master to accept a connection before calling it unreachable. */
    static final int CONNECT_TIMEOUT_MS = 5000;

    private Sessions() {}

    /** A session and whether this job started it (and so stops it at the end). */
    record Opened(SparkSession spark, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                spark.stop();
            }
        }
    }

    /** @param master a master URL, or null for spark-submit's (or the active session's) */
    static Opened open(String appName, String master) {
        if (master == null && SparkSession.getActiveSession().isDefined()) {
            return new Opened(SparkSession.getActiveSession().get(), false);
        }
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (master != null) {
            requireReachable(master);
            builder.master(master);
        }
        return new Opened(builder.getOrCreate(), true);
    }

    /**
     * Fails at once, in one line, when a standalone master ({@code spark://host:port}) does not answer: Spark itself
     * retries registering for a minute and then reports only that all masters were unresponsive.
     */
    static void requireReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri = URI.create("spark://" + hostPort);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new InvalidSettingException("master", "'" + master + "' is not a spark://HOST:PORT URL");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                if (!master.contains(",")) {
                    throw new NiceException("cannot reach the Spark master " + master + " (" + e.getMessage() + ")",
                            e);
                }
            }
        }
        throw new NiceException("cannot reach any of the Spark masters " + master);
    }
}
