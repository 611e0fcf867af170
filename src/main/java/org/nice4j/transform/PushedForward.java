package org.nice4j.transform;

import ai.djl.ndarray.NDArray;

/**
 * A batch pushed through a {@link Transform} together with tangent vectors: the L-VDAE's posterior samples
 * z = f(x) + σ·J·ω through a flow (VDAE paper §3.2) need J·ω without forming J.
 *
 * @param value   f(x), same shape as the input
 * @param tangent J(x)·v for the tangents v given, same shape
 * @param logDet  log|det J(x)| per example, shape (batch)
 */
public record PushedForward(NDArray value, NDArray tangent, NDArray logDet) {}
