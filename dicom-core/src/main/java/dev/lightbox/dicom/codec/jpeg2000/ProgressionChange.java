package dev.lightbox.dicom.codec.jpeg2000;

/**
 * One progression of a POC marker segment (ISO/IEC 15444-1 §A.6.6), or the single progression
 * the COD order implies: packets with resStart ≤ r &lt; resEnd, compStart ≤ c &lt; compEnd and
 * layer &lt; layerEnd, in the given order (Table A.16: 0 LRCP, 1 RLCP, 2 RPCL, 3 PCRL, 4 CPRL).
 */
record ProgressionChange(int resStart, int compStart, int layerEnd, int resEnd, int compEnd,
    int order) {}
