package io.skywire.shell;

import io.skywire.core.visor.api.AppState;
import io.skywire.core.visor.api.VisorException;
import io.skywire.core.visor.api.VisorService;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo scope {@code app:} — app lifecycle, as {@code skywire cli visor app …}. */
@Component(service = AppCommands.class, property = {
    "osgi.command.scope=app",
    "osgi.command.function=ls",
    "osgi.command.function=start",
    "osgi.command.function=stop",
    "osgi.command.function=autostart"
})
public class AppCommands {
    @Reference
    VisorService visor;

    /** @return the app table: name, port, auto_start, status, bundle, detailed status */
    public String ls() {
        return table(visor.apps());
    }

    static String table(List<AppState> apps) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-20s %-6s %-11s %-9s %-40s %s%n";
        sb.append(String.format(fmt, "app", "port", "auto_start", "status", "bundle", "detailed_status"));
        for (AppState a : apps) {
            sb.append(String.format(fmt, a.name(), a.port(), a.autoStart(), a.status().word(),
                    a.bundle().isEmpty() ? "-" : a.bundle(), a.detailedStatus()));
        }
        return sb.toString().stripTrailing();
    }

    /**
     * @param name app name
     * @return a confirmation or the reason it failed
     */
    public String start(String name) {
        try {
            return "started " + visor.startApp(name).name();
        } catch (VisorException e) {
            return "error: " + e.getMessage();
        }
    }

    /**
     * @param name app name
     * @return a confirmation or the reason it failed
     */
    public String stop(String name) {
        try {
            return "stopped " + visor.stopApp(name).name();
        } catch (VisorException e) {
            return "error: " + e.getMessage();
        }
    }

    /**
     * @param name app name
     * @param value true or false
     * @return a confirmation or the reason it failed
     */
    public String autostart(String name, boolean value) {
        try {
            return name + " auto_start=" + visor.setAutoStart(name, value).autoStart();
        } catch (VisorException e) {
            return "error: " + e.getMessage();
        }
    }
}
