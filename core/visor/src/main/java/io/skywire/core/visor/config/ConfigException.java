package io.skywire.core.visor.config;

/**
 * A visor config (or services config) that cannot be read or is invalid. The message is one line that names the
 * file, and where it helps the line, column and field, and what was expected.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * @param message one line
     * @param cause the underlying failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
