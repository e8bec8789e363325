package io.skywire.core.crypto;

/** A signature that does not verify; the message says why (wrong signer, malformed, high-S, bad recovery id). */
public class SignatureException extends Exception {
    private static final long serialVersionUID = 1L;

    public SignatureException(String message) {
        super(message);
    }
}
