package io.skywire.shell;

import io.skywire.core.visor.api.VisorService;
import io.skywire.core.visor.api.VisorSummary;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo scope {@code visor:} — the running visor. */
@Component(service = VisorCommands.class, property = {
    "osgi.command.scope=visor",
    "osgi.command.function=status",
    "osgi.command.function=pk",
    "osgi.command.function=halt"
})
public class VisorCommands {
    @Reference
    VisorService visor;

    /** @return a summary of the visor, as {@code skywire cli visor info} */
    public String status() {
        VisorSummary s = visor.summary();
        long running = s.apps().stream().filter(a -> a.status() == io.skywire.core.visor.api.AppStatus.RUNNING)
                .count();
        return String.join("\n",
                "Public key:     " + s.pk(),
                "Version:        " + s.version() + " (" + s.buildTag() + ")",
                "Time online:    " + String.format("%.1f s", s.uptimeSeconds()),
                "CLI endpoint:   " + s.cliAddr(),
                "Local path:     " + s.localPath(),
                "Apps directory: " + s.appsDir(),
                "Apps:           " + s.apps().size() + " known, " + running + " running");
    }

    /** @return the visor's public key */
    public String pk() {
        return visor.pk();
    }

    /** @return an acknowledgement; the visor stops right after */
    public String halt() {
        visor.shutdown();
        return "stopping the visor";
    }
}
