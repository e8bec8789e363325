package io.skywire.core.crypto;

/** A public or secret key that is not a valid secp256k1 key in Skywire's encoding. The message says what is wrong. */
public class InvalidKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidKeyException(String message) {
        super(message);
    }
}
