package org.nice4j.transform;

import ai.djl.ndarray.NDArray;

/**
 * The result of pushing a batch through a {@link Transform}.
 *
 * @param value  the mapped batch, same shape as the input
 * @param logDet log|det J| of the map that was applied, one value per example, shape (batch)
 */
public record Transformed(NDArray value, NDArray logDet) {}
