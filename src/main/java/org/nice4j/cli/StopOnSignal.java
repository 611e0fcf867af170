package org.nice4j.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Turns the first Ctrl-C (SIGINT) or SIGTERM into a request to checkpoint and stop at the next minibatch boundary.
 * The JVM's default would run DJL's shutdown hook, which frees native memory under the running backward pass and
 * crashes the process. A second signal exits at once.
 */
final class StopOnSignal {
    private final AtomicBoolean requested = new AtomicBoolean();

    StopOnSignal install() {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), s -> {
                if (requested.getAndSet(true)) {
                    Runtime.getRuntime().halt(Main.INTERRUPTED);
                }
                System.err.println("\nnice4j: stopping after this minibatch (checkpointing); press Ctrl-C again to quit now");
            });
        }
        return this;
    }

    boolean requested() {
        return requested.get();
    }
}
