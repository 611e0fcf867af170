package org.nice4j.engine;

/**
 * The precision of the coupling networks' matrix products on the current thread, chosen for a block as
 * {@code torch.autocast} does: a training step runs its forward pass in the configured precision, while evaluation,
 * which enters no block, stays float32. Blocks nest; closing one restores the precision in force before it.
 *
 * <pre>{@code
 * try (Autocast cast = Autocast.to(Precision.BF16)) {
 *     loss = model.trainingLogProb(x, condition).mean().neg();
 * }
 * }</pre>
 */
public final class Autocast implements AutoCloseable {
    private static final ThreadLocal<Precision> CURRENT = ThreadLocal.withInitial(() -> Precision.FP32);

    private final Precision previous;

    private Autocast(Precision previous) {
        this.previous = previous;
    }

    /** Products on this thread use {@code precision} until the returned block is closed. */
    public static Autocast to(Precision precision) {
        Autocast block = new Autocast(CURRENT.get());
        CURRENT.set(precision);
        return block;
    }

    /** The precision in force on this thread: float32 outside every block. */
    public static Precision precision() {
        return CURRENT.get();
    }

    @Override
    public void close() {
        CURRENT.set(previous);
    }
}
