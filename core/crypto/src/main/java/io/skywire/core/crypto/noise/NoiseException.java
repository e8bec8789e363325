package io.skywire.core.crypto.noise;

/**
 * A Noise handshake message or transport frame that cannot be accepted: wrong length, failed authentication (bad
 * tag), an invalid curve point, a rejected nonce, an oversized length prefix. The message is one line and says what
 * was wrong and what was expected. After a {@code NoiseException} from {@link NoiseHandshake#readMessage} the
 * handshake is dead; transport frames ({@link NoiseFrames}) keep their state unchanged on failure.
 */
public class NoiseException extends Exception {
    private static final long serialVersionUID = 1L;

    public NoiseException(String message) {
        super(message);
    }
}
