package io.skywire.core.visor.api;

/** A management request the visor refused; the message is one line saying what is wrong and what to do. */
public class VisorException extends Exception {
    private static final long serialVersionUID = 1L;

    public VisorException(String message) {
        super(message);
    }
}
