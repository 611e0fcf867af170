package org.nice4j.bench;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as the kernel and the JVM see it: native memory included, unlike the Java heap's figures. */
final class ProcessMemory {
    private ProcessMemory() {}

    /** VmRSS from /proc: what the process holds in memory now, in MB; NaN where /proc is missing. */
    static double residentMb() {
        return statusMb("VmRSS:");
    }

    /** VmHWM from /proc: the process's peak resident set, in MB. */
    static double peakResidentMb() {
        return statusMb("VmHWM:");
    }

    /** Bytes held by live direct buffers (freed only when Java collects them), in MB. */
    static double directBuffersMb() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum() / (1024.0 * 1024.0);
    }

    private static double statusMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
