package io.dealflow.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One DealFlow node: the packaged jar as a process of its own, with a non-sandbox profile, pointing at the
 * standalone {@link Simulators} and at its PostgreSQL database. It can be stopped gracefully, killed with SIGKILL
 * in the middle of its work, and started again with the same settings.
 */
public final class DealFlowNode implements AutoCloseable {

    private final String name;
    private final int port;
    private final JavaProcess process;
    private final JsonHttp http;
    private int starts;

    public DealFlowNode(String name, Path jar, Path runDirectory, int port, Map<String, String> settings) {
        this(name, jar, runDirectory, port, settings, NodeLaunch.DEFAULT);
    }

    /** With the JVM options and extra classpath entries of {@code launch} (the benchmark's). */
    public DealFlowNode(String name, Path jar, Path runDirectory, int port, Map<String, String> settings,
                        NodeLaunch launchOptions) {
        this.name = name;
        this.port = port;
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("server.port", String.valueOf(port));
        List<String> launch = new ArrayList<>();
        if (launchOptions.extraClasspath().isEmpty()) {
            launch.addAll(List.of("-jar", jar.toString()));
        } else {
            // the jar's own launcher ignores loader.path; PropertiesLauncher puts the extra entries before the jar's
            launch.add("-Dloader.path=" + String.join(",",
                    launchOptions.extraClasspath().stream().map(Path::toString).toList()));
            launch.addAll(List.of("-Dloader.main=io.dealflow.DealFlowApplication", "-cp", jar.toString(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        }
        all.forEach((key, value) -> launch.add("--" + key + "=" + value));
        this.process = new JavaProcess(name, JavaProcess.javaCommand(launchOptions.jvmOptions(), launch),
                runDirectory.resolve(name + ".log"));
        this.http = new JsonHttp(baseUrl());
    }

    /**
     * The settings a node needs to work against the simulators, mirroring {@code application-sandbox.yml}, with
     * short retries, a short job lock (a killed node's jobs are taken over after it) and fast inbox loops.
     */
    public static Map<String, String> settings(Simulators simulators, PostgresServer server, String database) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("spring.profiles.active", "harness");
        s.put("spring.datasource.url", server.jdbcUrl(database));
        s.put("spring.datasource.username", server.user());
        s.put("spring.datasource.password", server.password());
        // outside the sandbox the administrator has no default password
        s.put("camunda.bpm.admin-user.password", "harness-Admin-pw-2Kq8");
        s.put("dealflow.bitrix24.webhook-url", simulators.bitrix24WebhookUrl());
        s.put("dealflow.bitrix24.application-token", Simulators.APPLICATION_TOKEN);
        s.put("dealflow.hubex.base-url", simulators.hubexBaseUrl());
        s.put("dealflow.hubex.service-token", Simulators.HUBEX_SERVICE_TOKEN);
        s.put("dealflow.hubex.webhook-token", Simulators.HUBEX_WEBHOOK_TOKEN);
        s.put("dealflow.hubex.task-type-id", "10");
        s.put("dealflow.hubex.cancelled-stage-ids", "9");
        s.put("dealflow.hubex.cancel-stage-id", "9");
        s.put("dealflow.hubex.task-url-template", simulators.baseUrl() + "/sandbox/api/hubex/tasks/{id}");
        s.put("dealflow.trigger.stage-ids", Simulators.SERVICE_STAGE);
        s.put("dealflow.completion.stage-id", "UC_DONE");
        s.put("dealflow.completion.cancelled-stage-id", "LOSE");
        s.put("dealflow.writeback.task-number-field", "UF_CRM_HUBEX_TASK");
        s.put("dealflow.writeback.deadline-field", "UF_CRM_HUBEX_DEADLINE");
        s.put("dealflow.writeback.cost-field", "UF_CRM_HUBEX_COST");
        s.put("dealflow.writeback.comment-field", "UF_CRM_HUBEX_COMMENT");
        s.put("dealflow.writeback.task-link-field", "UF_CRM_HUBEX_LINK");
        s.put("dealflow.mapping.company-policy", "create");
        s.put("dealflow.requirements.require-contact-phone", "true");
        // the portal's Enterprise limits (the simulators are set to the same); HubEx's simulator has none
        s.put("dealflow.bitrix24.rate-limit.burst", "250");
        s.put("dealflow.bitrix24.rate-limit.per-second", "5");
        s.put("dealflow.bitrix24.rate-limit-backoff", "200ms");
        s.put("dealflow.hubex.rate-limit.per-minute", "3000");
        s.put("dealflow.hubex.reactivate-webhooks", "true");
        s.put("dealflow.retry.bitrix24", "PT1S,PT2S,PT4S,PT8S,PT15S");
        s.put("dealflow.retry.hubex", "PT1S,PT2S,PT4S,PT8S,PT15S");
        s.put("dealflow.inbox.coalesce-delay", "50ms");
        s.put("dealflow.inbox.poll-interval", "300ms");
        s.put("dealflow.inbox.retry-delay", "300ms");
        s.put("dealflow.inbox.max-retry-delay", "3s");
        s.put("dealflow.reconciliation.interval", "10s");
        s.put("dealflow.reconciliation.hubex-overlap", "30s");
        s.put("camunda.bpm.job-execution.wait-time-in-millis", "100");
        s.put("camunda.bpm.job-execution.max-wait", "500");
        // a killed node's locked jobs are taken over once their lock expires: keep it above the read timeouts
        s.put("camunda.bpm.job-execution.lock-time-in-millis", "20000");
        // two nodes and the test suite share one PostgreSQL server (max_connections 100): each node stays well
        // below half of it, with fewer job threads than connections (docs/operations.md, sizing)
        s.put("spring.datasource.hikari.maximum-pool-size", "30");
        s.put("spring.datasource.hikari.minimum-idle", "4");
        s.put("camunda.bpm.job-execution.max-pool-size", "24");
        s.put("dealflow.bitrix24.read-timeout", "5s");
        // the simulated portal ends a request after 8 s: a comment add given up on after 5 s may still land for 3 s,
        // and its retry waits for that instead of adding it twice (finding 11)
        s.put("dealflow.bitrix24.request-time-limit", Simulators.REQUEST_TIME_LIMIT);
        // a comment add the killed node had handed over may land until max-wait + that limit after it; like
        // production's 5 min against 90 s, the lock (20 s) outlasts it, so the retry on another node adds at once
        s.put("dealflow.bitrix24.rate-limit.max-wait", "10s");
        s.put("dealflow.hubex.read-timeout", "5s");
        s.put("logging.level.io.dealflow", "info");
        return s;
    }

    public DealFlowNode start(Duration timeout) {
        starts++;
        process.start();
        awaitReady(timeout);
        return this;
    }

    /**
     * Up when its web server answers and its start-up work is done: the listeners of ApplicationReadyEvent (the
     * deal field check, the reconciliation schedule) still run after the web server answers, and a failure there
     * - the database restarted at that moment - ends the start.
     */
    private void awaitReady(Duration timeout) {
        Await.until(name + " to answer on port " + port, timeout, Duration.ofMillis(300), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start:\n" + process.logTail(60));
            }
            return http.status("/harness-probe") > 0 && process.logSinceStart().contains(READY_LINE);
        }, () -> process.logTail(60));
    }

    /** Logged by the reconciliation schedule, the last thing a node does when it starts. */
    private static final String READY_LINE = "Reconciliation runs every";

    /** kill -9: no shutdown hook, jobs and transactions cut wherever they are. */
    public void kill() {
        process.kill();
    }

    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String name() {
        return name;
    }

    public int starts() {
        return starts;
    }

    public Path log() {
        return process.log();
    }

    /** The operating system's process ID, or -1 when the node has not been started. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stop();
    }
}
