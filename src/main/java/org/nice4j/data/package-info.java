/**
 * Getting data into a flow: readers of what users bring (CSV, NumPy .npy, folders of PNG images, IDX files; see
 * {@link org.nice4j.data.DataFiles}), read a chunk at a time so that large files stream, dataset resolution and
 * download ({@link org.nice4j.data.DataRequest}), the reference and seeded random train/valid/test splits,
 * dequantization of pixels into continuous values, mini-batch index plans and toy 2-D densities.
 *
 * <p>Everything here is plain Java on plain arrays, so data handling can be tested and reused without a tensor
 * engine; the training code turns these arrays into tensors one batch at a time.
 */
package org.nice4j.data;
