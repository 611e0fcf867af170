package org.nice4j.cli;

import picocli.CommandLine;

/** Version from the jar manifest (set by Maven), with the engine it runs on. */
final class Version implements CommandLine.IVersionProvider {
    static String nice4j() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"nice4j " + nice4j(), "DJL 0.35.0, PyTorch 2.7.1, Java " + System.getProperty("java.version")};
    }
}
