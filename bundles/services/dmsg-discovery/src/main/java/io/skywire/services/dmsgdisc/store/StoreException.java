package io.skywire.services.dmsgdisc.store;

/** The store could not be reached or answered nonsense; the message is one line. */
public class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
