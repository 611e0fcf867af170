/**
 * Getting data into a flow: IDX readers, dataset resolution and download, the reference train/valid/test split,
 * dequantization of pixels into continuous values, mini-batch index plans and toy 2-D densities.
 *
 * <p>Everything here is plain Java on plain arrays, so data handling can be tested and reused without a tensor
 * engine; the training code turns these arrays into tensors one batch at a time.
 */
package org.nice4j.data;
