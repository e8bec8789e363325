package io.skywire.core.dmsg.disc;

/**
 * An entry broke one of Go's rules (Go's {@code EntryValidationError}); the message is Go's:
 * {@code "entry validation error: <cause>"}. Go's discovery answers these with HTTP 422 and that message.
 */
public class EntryValidationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Go: ErrValidationNoVersion. */
    public static final String NO_VERSION = "entry has no version";
    /** Go: ErrValidationNoSignature. */
    public static final String NO_SIGNATURE = "entry has no signature";
    /** Go: ErrValidationNilKeys (the static key is null). */
    public static final String NIL_KEYS = "entry Keys is nil";
    /** Go: ErrValidationNoClientOrServer. */
    public static final String NO_CLIENT_OR_SERVER = "entry has neither client or server field";
    /** Go: ErrValidationEmptyServerAddress. */
    public static final String EMPTY_SERVER_ADDRESS = "server address cannot be empty";
    /** Go: ErrValidationOutdatedTime. */
    public static final String OUTDATED_TIME = "advertised entry has outdated timestamp";
    /** Go: ErrValidationWrongSequence (sent for any non-increasing sequence). */
    public static final String WRONG_SEQUENCE = "sequence field of new entry is not sequence of old entry + 1";
    /** Go: ErrValidationWrongTime. */
    public static final String WRONG_TIME = "advertised entry timestamp is not greater than previous";
    /** Go: ErrValidationServerAddress (loopback server address outside test mode). */
    public static final String LOOPBACK_SERVER_ADDRESS =
            "advertising localhost listening address is not allowed in production mode";
    /** Go's prefix of every validation message. */
    public static final String PREFIX = "entry validation error: ";

    private final String cause;

    public EntryValidationException(String cause) {
        super(PREFIX + cause);
        this.cause = cause;
    }

    /** Go's cause text (the message without {@link #PREFIX}). */
    public String cause() {
        return cause;
    }
}
