package io.skywire.core.visor.internal;

import io.skywire.core.visor.api.AppState;
import io.skywire.core.visor.api.AppStatus;
import io.skywire.core.visor.api.VisorException;
import io.skywire.sdk.SkywireApp;
import io.skywire.sdk.discovery.ServiceDiscovery;
import io.skywire.sdk.net.AppNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Hosts apps: pairs the launcher entries of the visor config with the {@link SkywireApp} services that app
 * bundles register, and starts/stops them. An app that was running when its bundle went away (update or
 * uninstall) is started again as soon as a bundle provides it again, so a hot swap keeps it running.
 * Thread-safe; app start/stop calls are serialised per host (apps must return promptly from both).
 */
public final class AppHost {
    private static final System.Logger LOG = System.getLogger("skywire.visor.apps");

    /** A launcher entry from the visor config (Go: launcher.apps[]). */
    public record LaunchEntry(String name, String binary, List<String> args, boolean autoStart, int port) {
        public LaunchEntry {
            args = List.copyOf(args);
        }
    }

    /** Persists a change of an app's launcher entry (auto_start) to the visor config. */
    public interface ConfigWriter {
        void setAutoStart(String app, boolean autoStart) throws Exception;
    }

    private static final class Slot {
        final String name;
        LaunchEntry entry;
        SkywireApp app;
        String bundle = "";
        Map<String, Object> props = Map.of();
        AppRun run;
        AppStatus status = AppStatus.STOPPED;
        String detail = "";
        boolean wantRunning;

        Slot(String name) {
            this.name = name;
        }
    }

    private final String visorPk;
    private final Path localPath;
    private final String appsDir;
    private final AppNet net;
    private final ServiceDiscovery discovery;
    private final ConfigWriter configWriter;
    private final Runnable onChange;
    private final Map<String, Slot> slots = new TreeMap<>();

    /**
     * @param visorPk this visor's key
     * @param localPath the config's local_path (apps' work dirs live below it)
     * @param appsDir the watched bundle directory, named in errors
     * @param entries the config's launcher entries
     * @param net visor-wide networking the apps' scoped views wrap
     * @param discovery visor-wide service discovery
     * @param configWriter persists auto_start changes
     * @param onChange called after any status change (writes apps-pid.txt)
     */
    public AppHost(String visorPk, Path localPath, String appsDir, List<LaunchEntry> entries, AppNet net,
                   ServiceDiscovery discovery, ConfigWriter configWriter, Runnable onChange) {
        this.visorPk = visorPk;
        this.localPath = localPath;
        this.appsDir = appsDir;
        this.net = net;
        this.discovery = discovery;
        this.configWriter = configWriter;
        this.onChange = onChange;
        for (LaunchEntry e : entries) {
            Slot s = new Slot(e.name());
            s.entry = e;
            s.wantRunning = e.autoStart();
            s.detail = "not installed: put its bundle in " + appsDir;
            slots.put(e.name(), s);
        }
    }

    /**
     * A bundle registered an app service.
     *
     * @param app the service
     * @param props its service properties
     * @param bundle "symbolic-name version" of the providing bundle
     */
    public synchronized void appeared(SkywireApp app, Map<String, Object> props, String bundle) {
        Object n = props.get(SkywireApp.NAME);
        if (!(n instanceof String name) || name.isBlank()) {
            LOG.log(System.Logger.Level.WARNING, "ignoring an app service from " + bundle + " without the "
                    + SkywireApp.NAME + " property");
            return;
        }
        Slot s = slots.computeIfAbsent(name, Slot::new);
        if (s.app != null && s.app != app) {
            LOG.log(System.Logger.Level.WARNING, "app " + name + " is already provided by " + s.bundle
                    + "; ignoring the one from " + bundle);
            return;
        }
        s.app = app;
        s.props = Map.copyOf(props);
        s.bundle = bundle;
        if (s.entry == null) {
            s.wantRunning = s.wantRunning || Boolean.parseBoolean(String.valueOf(props.get(SkywireApp.AUTOSTART)));
        }
        s.status = AppStatus.STOPPED;
        s.detail = "";
        LOG.log(System.Logger.Level.INFO, "app " + name + " available from " + bundle);
        if (s.wantRunning) {
            doStart(s);
        }
        onChange.run();
    }

    /**
     * A bundle withdrew an app service (stopping, updating or uninstalling). A running app is stopped and will
     * start again when it reappears.
     *
     * @param app the service
     * @param props its properties
     */
    public synchronized void disappeared(SkywireApp app, Map<String, Object> props) {
        Object n = props.get(SkywireApp.NAME);
        Slot s = n instanceof String name ? slots.get(name) : null;
        if (s == null || s.app != app) {
            return;
        }
        boolean wasRunning = s.status == AppStatus.RUNNING;
        if (wasRunning) {
            doStop(s);
        }
        s.wantRunning = wasRunning || s.wantRunning;
        s.app = null; // s.props stay: the last known port and autostart still describe the app
        LOG.log(System.Logger.Level.INFO, "app " + s.name + " withdrawn by " + s.bundle
                + (wasRunning ? " (it will start again when its bundle returns)" : ""));
        s.bundle = "";
        s.detail = "not installed: put its bundle in " + appsDir;
        if (s.entry == null && !s.wantRunning) {
            slots.remove(s.name);
        }
        onChange.run();
    }

    public synchronized List<AppState> states() {
        List<AppState> out = new ArrayList<>();
        for (Slot s : slots.values()) {
            out.add(state(s));
        }
        return out;
    }

    public synchronized List<String> running() {
        List<String> out = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.status == AppStatus.RUNNING) {
                out.add(s.name);
            }
        }
        return out;
    }

    public synchronized AppState start(String name) throws VisorException {
        Slot s = slot(name);
        if (s.status == AppStatus.RUNNING) {
            throw new VisorException("app " + name + " is already running");
        }
        if (s.app == null) {
            throw new VisorException("app " + name + " is not installed: put its bundle in " + appsDir
                    + " (or install it with the Gogo shell)");
        }
        s.wantRunning = true;
        doStart(s);
        onChange.run();
        if (s.status == AppStatus.ERRORED) {
            throw new VisorException("app " + name + " failed to start: " + s.detail);
        }
        return state(s);
    }

    public synchronized AppState stop(String name) throws VisorException {
        Slot s = slot(name);
        s.wantRunning = false;
        if (s.status != AppStatus.RUNNING) {
            throw new VisorException("app " + name + " is not running (status: " + s.status.word() + ")");
        }
        doStop(s);
        onChange.run();
        return state(s);
    }

    public synchronized AppState setAutoStart(String name, boolean autoStart) throws VisorException {
        Slot s = slot(name);
        if (s.entry == null) {
            throw new VisorException("app " + name + " has no launcher entry in the visor config; "
                    + "add one to launcher.apps to set auto_start");
        }
        try {
            configWriter.setAutoStart(name, autoStart);
        } catch (Exception e) {
            throw new VisorException("cannot save auto_start of " + name + " to the visor config: " + e.getMessage());
        }
        s.entry = new LaunchEntry(s.entry.name(), s.entry.binary(), s.entry.args(), autoStart, s.entry.port());
        return state(s);
    }

    /** Stops every running app (visor shutdown). */
    public synchronized void stopAll() {
        for (Slot s : slots.values()) {
            if (s.status == AppStatus.RUNNING) {
                doStop(s);
            }
        }
        onChange.run();
    }

    private Slot slot(String name) throws VisorException {
        Slot s = slots.get(name);
        if (s == null) {
            throw new VisorException("unknown app \"" + name + "\": see the names listed by \"skywire cli visor app ls\"");
        }
        return s;
    }

    private void doStart(Slot s) {
        List<String> launcherArgs = s.entry != null ? s.entry.args() : List.of();
        AppRun run = new AppRun(s.name, visorPk, AppRun.appArgs(s.name, launcherArgs), port(s),
                localPath.resolve(s.name), net, discovery, st -> setDetail(s, st));
        s.status = AppStatus.STARTING;
        s.detail = "";
        try {
            s.app.start(run); // may set its detailed status already
            s.run = run;
            s.status = AppStatus.RUNNING;
            LOG.log(System.Logger.Level.INFO, "app " + s.name + " started (" + s.bundle + ")");
        } catch (Throwable t) {
            run.close();
            s.status = AppStatus.ERRORED;
            s.detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            s.wantRunning = false;
            LOG.log(System.Logger.Level.ERROR, "app " + s.name + " failed to start: " + s.detail, t);
        }
    }

    private void doStop(Slot s) {
        try {
            s.app.stop();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "app " + s.name + " failed while stopping: " + t.getMessage(), t);
        } finally {
            if (s.run != null) {
                s.run.close();
                s.run = null;
            }
            s.status = AppStatus.STOPPED;
            s.detail = "";
            LOG.log(System.Logger.Level.INFO, "app " + s.name + " stopped");
        }
    }

    private synchronized void setDetail(Slot s, String detail) {
        s.detail = detail == null ? "" : detail;
    }

    private static int port(Slot s) {
        if (s.entry != null) {
            return s.entry.port();
        }
        Object p = s.props.get(SkywireApp.PORT);
        if (p instanceof Number num) {
            return num.intValue();
        }
        try {
            return p == null ? 0 : Integer.parseInt(p.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static AppState state(Slot s) {
        LaunchEntry e = s.entry;
        boolean autoStart = e != null ? e.autoStart()
                : Boolean.parseBoolean(String.valueOf(s.props.get(SkywireApp.AUTOSTART)));
        return new AppState(s.name, e != null ? e.binary() : "", e != null ? e.args() : List.of(),
                autoStart, port(s), s.status, s.detail, s.bundle);
    }
}
