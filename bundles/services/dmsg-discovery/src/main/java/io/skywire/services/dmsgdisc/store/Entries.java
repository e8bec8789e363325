package io.skywire.services.dmsgdisc.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What the stores need to know about entry JSON: the server's available sessions. */
final class Entries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Entries() {
    }

    static int availableSessions(String json) {
        try {
            JsonNode n = JSON.readTree(json).path("server").path("availableSessions");
            return n.isNumber() ? n.asInt() : 0;
        } catch (Exception e) {
            return 0; // unreadable entries are not offered to clients
        }
    }

    /** Go's AvailableServers: skip full servers, most available sessions first, at most {@code max}. */
    static List<String> available(List<String> servers, int max) {
        List<String> out = new ArrayList<>();
        for (String s : servers) {
            if (availableSessions(s) > 0) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingInt(Entries::availableSessions).reversed());
        return out.size() > max ? new ArrayList<>(out.subList(0, Math.max(0, max))) : out;
    }
}
