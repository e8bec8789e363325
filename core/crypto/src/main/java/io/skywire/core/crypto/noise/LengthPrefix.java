package io.skywire.core.crypto.noise;

import java.util.Objects;

/**
 * dmsg's raw frame: {@code uint16 big-endian length || bytes}, as Go's {@code WriteRawFrame}/{@code ReadRawFrame}. It
 * carries the XK handshake messages on sessions ({@code 0031 <49 bytes>}, {@code 0031 <49>}, {@code 0041 <65>}) and
 * is the outer layer of every transport frame ({@link NoiseFrames}). The reader rejects values above 4094 (raw frames
 * are at most 4096 bytes including the prefix), as Go does.
 */
public final class LengthPrefix {
    /** Size of the prefix. */
    public static final int PREFIX_LENGTH = 2;
    /** Largest value a reader accepts (Go's {@code maxPrefixValue}): 4096 - 2. */
    public static final int MAX_VALUE = 4094;

    private LengthPrefix() {
    }

    /**
     * {@code uint16 BE len(message) || message}.
     *
     * @throws IllegalArgumentException if the message is longer than {@link #MAX_VALUE} (no Go reader would accept it)
     */
    public static byte[] prepend(byte[] message) {
        Objects.requireNonNull(message, "message");
        if (message.length > MAX_VALUE) {
            throw new IllegalArgumentException("a length-prefixed message may be at most " + MAX_VALUE
                    + " bytes (4096 with the prefix), got " + message.length);
        }
        byte[] out = new byte[PREFIX_LENGTH + message.length];
        out[0] = (byte) (message.length >>> 8);
        out[1] = (byte) message.length;
        System.arraycopy(message, 0, out, PREFIX_LENGTH, message.length);
        return out;
    }

    /**
     * The length announced by the prefix at {@code buf[off]}, or -1 if fewer than 2 bytes are available yet. For
     * stream decoders: the whole raw frame is {@code 2 + result} bytes.
     *
     * @throws NoiseException if the announced length exceeds {@link #MAX_VALUE}
     */
    public static int peekLength(byte[] buf, int off, int available) throws NoiseException {
        Objects.requireNonNull(buf, "buf");
        Objects.checkFromIndexSize(off, available, buf.length);
        if (available < PREFIX_LENGTH) {
            return -1;
        }
        int value = ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
        if (value > MAX_VALUE) {
            throw new NoiseException("length prefix " + value + " exceeds the maximum " + MAX_VALUE
                    + " (raw frames are at most 4096 bytes including the 2-byte prefix)");
        }
        return value;
    }

    /**
     * The message inside one complete raw frame; {@code framed} must hold exactly the prefix and the bytes it
     * announces.
     *
     * @throws NoiseException if the frame is shorter than the prefix, truncated, has trailing bytes or announces more
     *         than {@link #MAX_VALUE} bytes
     */
    public static byte[] strip(byte[] framed) throws NoiseException {
        Objects.requireNonNull(framed, "framed");
        int value = peekLength(framed, 0, framed.length);
        if (value < 0) {
            throw new NoiseException("truncated raw frame: " + framed.length + " bytes, the 2-byte length prefix alone needs 2");
        }
        checkExact(value, framed.length, "raw frame");
        byte[] out = new byte[value];
        System.arraycopy(framed, PREFIX_LENGTH, out, 0, value);
        return out;
    }

    static void checkExact(int value, int have, String what) throws NoiseException {
        int body = have - PREFIX_LENGTH;
        if (body < value) {
            throw new NoiseException("truncated " + what + ": its prefix announces " + value + " bytes, only " + body
                    + " follow");
        }
        if (body > value) {
            throw new NoiseException(what + " has " + (body - value) + " trailing bytes after the " + value
                    + " bytes its prefix announces");
        }
    }
}
