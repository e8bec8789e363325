package io.skywire.core.dmsg.disc;

/** A discovery call failed; the message is one line (what failed, and the server's message if any). */
public class DiscoveryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public DiscoveryException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status, or 0 if the server was not reached */
    public int status() {
        return status;
    }
}
