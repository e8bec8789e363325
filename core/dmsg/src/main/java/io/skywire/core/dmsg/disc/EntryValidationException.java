package io.skywire.core.dmsg.disc;

/** An entry broke one of Go's rules; the message is Go's ("entry validation error: …"). */
public class EntryValidationException extends Exception {
    private static final long serialVersionUID = 1L;

    public EntryValidationException(String cause) {
        super("entry validation error: " + cause);
    }
}
