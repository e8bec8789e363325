package io.skywire.core.dmsg.session;

import com.sun.net.httpserver.HttpServer;
import io.skywire.core.crypto.KeyPair;
import io.skywire.core.dmsg.disc.DiscoveryClient;
import io.skywire.core.dmsg.disc.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class DmsgServerLimitsTest {

    @Test
    @Timeout(20)
    void sessionsBeyondTheLimitAreRefused() throws Exception {
        KeyPair sk = KeyPair.generate();
        try (DmsgServer s = new DmsgServer(sk, new InetSocketAddress("127.0.0.1", 0),
                DmsgServer.Config.defaults().withMaxSessions(1)).start();
             DmsgClient c1 = DmsgClient.connect(KeyPair.generate(), s.address(), sk.pk())) {
            assertTrue(c1.isConnected());
            DmsgException e = assertThrows(DmsgException.class,
                    () -> DmsgClient.connect(KeyPair.generate(), s.address(), sk.pk()));
            assertEquals(202, e.code());
            c1.close();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (s.sessionCount() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            Thread.sleep(100); // the connection counter is released when the channel is closed
            try (DmsgClient c2 = DmsgClient.connect(KeyPair.generate(), s.address(), sk.pk())) {
                assertTrue(c2.isConnected());
            }
        }
    }

    @Test
    @Timeout(20)
    void wrongServerKeyFailsTheHandshake() throws Exception {
        KeyPair sk = KeyPair.generate();
        try (DmsgServer s = new DmsgServer(sk, new InetSocketAddress("127.0.0.1", 0),
                DmsgServer.Config.defaults()).start()) {
            DmsgException e = assertThrows(DmsgException.class,
                    () -> DmsgClient.connect(KeyPair.generate(), s.address(), KeyPair.generate().pk()));
            assertEquals(202, e.code());
            assertEquals(0, s.sessionCount());
        }
    }

    @Test
    @Timeout(20)
    void postsItsServerEntryToDiscovery() throws Exception {
        LinkedBlockingQueue<String> posted = new LinkedBlockingQueue<>();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/dmsg-discovery/entry/", ex -> {
            posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "{\"message\":\"wrote a new entry\",\"code\":200}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        http.start();
        KeyPair sk = KeyPair.generate();
        try (DmsgServer s = new DmsgServer(sk, new InetSocketAddress("127.0.0.1", 0),
                DmsgServer.Config.defaults().withMaxSessions(10),
                new DiscoveryClient("http://127.0.0.1:" + http.getAddress().getPort(), Duration.ofSeconds(3)),
                "127.0.0.1:1234").start()) {
            Entry first = Entry.fromJson(posted.poll(5, TimeUnit.SECONDS));
            assertEquals(sk.pk(), first.staticPk());
            assertEquals("127.0.0.1:1234", first.server().address());
            assertEquals(10, first.server().availableSessions());
            assertTrue(first.verifySignature());
            try (DmsgClient c = DmsgClient.connect(KeyPair.generate(), s.address(), sk.pk())) {
                Entry next = Entry.fromJson(posted.poll(5, TimeUnit.SECONDS));
                assertEquals(9, next.server().availableSessions());
                assertTrue(next.sequence() > first.sequence());
                assertTrue(next.verifySignature());
            }
        } finally {
            http.stop(0);
        }
    }
}
