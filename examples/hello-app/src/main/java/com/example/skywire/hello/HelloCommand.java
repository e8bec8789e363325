package com.example.skywire.hello;

import io.skywire.sdk.net.AppAddr;
import io.skywire.sdk.net.AppConn;
import io.skywire.sdk.net.AppNet;
import io.skywire.sdk.net.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo command {@code hello:greet <name> [pk [skynet|dmsg]]}: dials a hello app (this visor's by default, over
 * skynet unless dmsg is asked for) and returns its answer. Any service with osgi.command properties is a command; no Gogo dependency is needed.
 */
@Component(service = HelloCommand.class, property = {
    "osgi.command.scope=hello",
    "osgi.command.function=greet"
})
public class HelloCommand {
    @Reference
    AppNet net;

    public String greet(String name) throws IOException {
        return greet(name, net.localPk());
    }

    public String greet(String name, String pk) throws IOException {
        return greet(name, pk, "skynet");
    }

    public String greet(String name, String pk, String network) throws IOException {
        try (AppConn c = net.dial(Network.parse(network), new AppAddr(pk, 7), Duration.ofSeconds(10))) {
            c.out().write((name + "\n").getBytes(StandardCharsets.UTF_8));
            c.out().flush();
            return new String(c.in().readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
