package io.skywire.core.dmsg.disc;

/**
 * A discovery call failed; the message is one line (what failed, and the server's message if any). When the
 * discovery answered with Go's {@code {"message":…,"code":…}}, {@link #serverMessage()} is that message, which Go's
 * client maps back to its error values (e.g. {@link DiscoveryHttp#ERR_KEY_NOT_FOUND},
 * {@link EntryValidationException#WRONG_SEQUENCE}).
 */
public class DiscoveryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String serverMessage;

    public DiscoveryException(String message, int status) {
        this(message, status, null);
    }

    public DiscoveryException(String message, int status, String serverMessage) {
        super(message == null ? null : message.replace('\n', ' ').replace('\r', ' '));
        this.status = status;
        this.serverMessage = serverMessage;
    }

    /** @return the HTTP status, or 0 if no answer was received */
    public int status() {
        return status;
    }

    /** @return the discovery's own message (Go's HTTPMessage.message), or null if it sent none */
    public String serverMessage() {
        return serverMessage;
    }

    /** Whether the discovery refused a post because the sequence did not increase (Go's PutEntry retries then). */
    public boolean isWrongSequence() {
        return (EntryValidationException.PREFIX + EntryValidationException.WRONG_SEQUENCE).equals(serverMessage);
    }
}
