package org.radbridge.dicom.io;

/** In-place byte order reversal of fixed-size values (PS3.5 7.3). */
final class ByteSwap {

    private ByteSwap() {
    }

    static void swap(byte[] b, int size) {
        for (int i = 0; i + size <= b.length; i += size) {
            for (int j = 0; j < size / 2; j++) {
                byte t = b[i + j];
                b[i + j] = b[i + size - 1 - j];
                b[i + size - 1 - j] = t;
            }
        }
    }
}
