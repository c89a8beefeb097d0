// In the two-layer preset there is no repositories layer: this file is in no layer.
export const legacy = true;
