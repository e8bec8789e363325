package io.skywire.core.visor.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;

/**
 * The {@code hypervisor.cookies} section: {@code {hash_key, block_key, expires_duration, path, domain}}. The keys
 * are hex ({@code hash_key} 64 bytes signs the session cookie, {@code block_key} 32 bytes encrypts it);
 * {@code expires_duration} is an integer number of nanoseconds (Go's {@code time.Duration}), 12 h by default.
 */
@JsonPropertyOrder({"hash_key", "block_key", "expires_duration", "path", "domain"})
public final class CookieConfig extends Extensible {
    /** Length of {@code hash_key} in bytes. */
    public static final int HASH_KEY_LEN = 64;
    /** Length of {@code block_key} in bytes. */
    public static final int BLOCK_KEY_LEN = 32;
    /** Default cookie lifetime. */
    public static final Duration DEFAULT_EXPIRES = Duration.ofHours(12);

    @JsonProperty("hash_key")
    private String hashKey = "";
    @JsonProperty("block_key")
    private String blockKey = "";
    @JsonProperty("expires_duration")
    private long expiresDuration;
    @JsonProperty("path")
    private String path = "";
    @JsonProperty("domain")
    private String domain = "";

    /** A section with Go's zero values. */
    public CookieConfig() {
    }

    /** @return the hash (signing) key as hex */
    public String hashKey() {
        return hashKey;
    }

    public CookieConfig setHashKey(String hashKey) {
        this.hashKey = hashKey;
        return this;
    }

    /** @return the block (encryption) key as hex */
    public String blockKey() {
        return blockKey;
    }

    public CookieConfig setBlockKey(String blockKey) {
        this.blockKey = blockKey;
        return this;
    }

    /** @return the cookie lifetime */
    public Duration expiresDuration() {
        return Duration.ofNanos(expiresDuration);
    }

    public CookieConfig setExpiresDuration(Duration d) {
        this.expiresDuration = d == null ? 0 : d.toNanos();
        return this;
    }

    public String path() {
        return path;
    }

    public CookieConfig setPath(String path) {
        this.path = path;
        return this;
    }

    public String domain() {
        return domain;
    }

    public CookieConfig setDomain(String domain) {
        this.domain = domain;
        return this;
    }
}
