package org.nice4j.model;

import java.util.List;
import org.nice4j.UsageException;

/**
 * The architecture of a flow, as data: presets are instances of this record, and the model file stores it so a
 * model can be rebuilt exactly.
 *
 * @param dimension  D, the number of input coordinates
 * @param coupling   coupling law: "additive" (NICE)
 * @param couplings  number of coupling layers; layer i keys on part (i mod 2) of the partition, alternating roles
 * @param partition  "odd-even" (the reference code's "tile") or "halves"
 * @param network    the coupling network m
 * @param scaling    whether a diagonal scaling layer h = x·exp(s) sits on top
 * @param prior      "logistic" or "normal"
 */
public record ModelConfig(int dimension, String coupling, int couplings, String partition, NetworkConfig network,
        boolean scaling, String prior) {

    static final List<String> COUPLINGS = List.of("additive");
    static final List<String> PARTITIONS = List.of("odd-even", "halves");

    public ModelConfig {
        if (dimension < 2) {
            throw new UsageException("a flow needs dimension >= 2, got " + dimension);
        }
        if (!COUPLINGS.contains(coupling)) {
            throw new UsageException("unknown coupling '" + coupling + "' (known: " + String.join(", ", COUPLINGS) + ")");
        }
        if (!PARTITIONS.contains(partition)) {
            throw new UsageException("unknown partition '" + partition + "' (known: " + String.join(", ", PARTITIONS) + ")");
        }
        if (couplings < 1) {
            throw new UsageException("a flow needs at least one coupling layer, got " + couplings);
        }
        org.nice4j.prior.Prior.named(prior);
    }

    public ModelConfig withDimension(int d) {
        return new ModelConfig(d, coupling, couplings, partition, network, scaling, prior);
    }

    public ModelConfig withNetwork(NetworkConfig n) {
        return new ModelConfig(dimension, coupling, couplings, partition, n, scaling, prior);
    }
}
