package org.nice4j.cli;

import ai.djl.Device;
import org.nice4j.engine.Devices;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {
    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;

    Device device() {
        return Devices.resolve(device);
    }
}
