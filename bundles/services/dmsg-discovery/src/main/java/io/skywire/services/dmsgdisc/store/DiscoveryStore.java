package io.skywire.services.dmsgdisc.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Storage of signed discovery entries, kept as the JSON the client posted (the service validates before
 * storing). Mirrors Go dmsg-discovery's Storer: entries expire after a TTL, servers and clients are indexed.
 */
public interface DiscoveryStore extends AutoCloseable {
    /** Go: server entries live for twice dmsg's update interval (1 min). */
    Duration SERVER_TTL = Duration.ofMinutes(2);
    /** Go: store.DefaultTimeout, the TTL of client entries. */
    Duration CLIENT_TTL = Duration.ofMinutes(3);

    /**
     * @param pk hex public key
     * @return the entry JSON if present and not expired
     * @throws StoreException if the store fails
     */
    Optional<String> entry(String pk) throws StoreException;

    /**
     * Stores (replaces) an entry.
     *
     * @param pk hex public key
     * @param json the entry as JSON
     * @param server whether it has a server section (indexed in "servers", TTL {@link #SERVER_TTL})
     * @param client whether it has a client section (indexed in "clients")
     * @param ttl expiry for non-server entries; zero or negative = none
     * @throws StoreException if the store fails
     */
    void setEntry(String pk, String json, boolean server, boolean client, Duration ttl) throws StoreException;

    /**
     * @param pk hex public key
     * @throws StoreException if the store fails
     */
    void deleteEntry(String pk) throws StoreException;

    /**
     * @param max how many at most
     * @return JSON of live server entries with {@code server.availableSessions > 0}, most available first
     * @throws StoreException if the store fails
     */
    List<String> availableServers(int max) throws StoreException;

    /**
     * @return JSON of every live server entry
     * @throws StoreException if the store fails
     */
    List<String> allServers() throws StoreException;

    /**
     * Go's AllEntries: the keys in the clients index (GET /dmsg-discovery/entries).
     *
     * @return hex keys of every client ever indexed
     * @throws StoreException if the store fails
     */
    List<String> clientKeys() throws StoreException;

    /**
     * @return {servers, clients} counts of the indexes
     * @throws StoreException if the store fails
     */
    long[] counts() throws StoreException;

    /**
     * Drops index members whose entry has expired (Go runs this periodically).
     *
     * @throws StoreException if the store fails
     */
    void removeExpiredServers() throws StoreException;

    @Override
    void close();
}
