package org.nice4j.cli;

import java.util.Map;
import org.nice4j.InvalidSettingException;

/** Which command-line option sets each library setting, so that a bad value's message names the option to change. */
final class SettingFlags {
    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("epochs", "--epochs"),
            Map.entry("batchSize", "--batch"),
            Map.entry("optimizer", "--optimizer"),
            Map.entry("learningRate", "--lr"),
            Map.entry("schedules", "--lr-decay/--lr-min/--warmup"),
            Map.entry("schedule", "--schedule"),
            Map.entry("averageDecay", "--average"),
            Map.entry("weightDecay", "--weight-decay"),
            Map.entry("lrDropEpoch", "--lr-drop-epoch"),
            Map.entry("momentum", "--momentum"),
            Map.entry("checkpointSeconds", "--checkpoint-minutes"),
            Map.entry("noise", "--noise"),
            Map.entry("initExamples", "--init-examples"),
            Map.entry("preset", "--preset"),
            Map.entry("dataset", "--dataset"),
            Map.entry("dataDir", "--data"),
            Map.entry("validData", "--valid-data"),
            Map.entry("validFraction", "--valid-fraction"),
            Map.entry("testFraction", "--test-fraction"),
            Map.entry("labelColumn", "--label-column"),
            Map.entry("limit", "--limit"),
            Map.entry("runDir", "--out"),
            Map.entry("resume", "--resume"),
            Map.entry("device", "--device"),
            Map.entry("precision", "--precision"),
            Map.entry("points", "--points"),
            Map.entry("mask", "--masks"),
            Map.entry("maskFile", "--mask-png"),
            Map.entry("initialState", "--init"),
            Map.entry("step", "--step"),
            Map.entry("top", "--top"),
            Map.entry("runs", "--runs"),
            Map.entry("port", "--port"),
            Map.entry("whitening", "--whiten"),
            Map.entry("hidden", "--hidden"),
            Map.entry("depth", "--depth"),
            Map.entry("blocks", "--blocks"),
            Map.entry("latent", "--latent"),
            Map.entry("decoder", "--decoder"),
            Map.entry("noiseSigma", "--noise-sigma"),
            Map.entry("binarize", "--binarize"),
            Map.entry("importanceSamples", "--importance-samples"),
            Map.entry("model", "--model"),
            Map.entry("rows", "--rows"));

    private SettingFlags() {
    }

    /** The library's message, after the option that sets the value when there is one ("--epochs: …"). */
    static String prefix(InvalidSettingException e) {
        String flag = FLAGS.get(e.setting());
        return flag == null ? e.getMessage() : flag + ": " + e.getMessage();
    }
}
