package io.skywire.core.visor.api;

/** App states with Go Skywire's numeric codes (launcher.AppStatus). */
public enum AppStatus {
    STOPPED(0), RUNNING(1), ERRORED(2), STARTING(3);

    private final int code;

    AppStatus(int code) {
        this.code = code;
    }

    /** @return Go's numeric code */
    public int code() {
        return code;
    }

    /** @return the lower-case word shown by {@code app ls} */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
