package org.nice4j.spark;

import picocli.CommandLine.Option;

/** The options every Spark job takes: where the cluster is, and how much to say of a failure. */
final class ClusterOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "The Spark master, when not run through spark-submit (local[2], spark://HOST:7077).")
    String master;

    @Option(names = "--verbose", description = "Print stack traces of failures.")
    boolean verbose;
}
