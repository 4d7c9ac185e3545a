package io.dealflow.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

import io.dealflow.benchmark.noop.NoopDelegates;
import io.dealflow.harness.Artifacts;
import io.dealflow.harness.Cluster;
import io.dealflow.harness.NodeLaunch;
import io.dealflow.harness.PostgresServer;
import io.dealflow.harness.Simulators;

/**
 * Runs the benchmark's parts, each on a fresh {@link Cluster} of the fault harness: one DealFlow node from the
 * packaged jar on its own PostgreSQL database, the simulators as a separate process, everything over HTTP.
 *
 * <p>Per configuration: (1) with an acknowledgement phase, Bitrix24 events straight to the webhook at a fixed
 * rate; (2) the paced phase, deals entering the service stage at a fixed rate, each cycle run to its end - the
 * latencies and the exact requests per cycle; (3) saturation, a backlog of open cycles kept topped up, cycles
 * per second over a window after a warm-up. The burst is a run of its own.
 */
final class Benchmark {

    /** The node's heap: the limit the 10 000-event burst must stay under. */
    static final int NODE_HEAP_MB = 512;

    private final PostgresServer server;
    private final BenchmarkSizes sizes;
    private final Consumer<String> log;

    Benchmark(PostgresServer server, BenchmarkSizes sizes, Consumer<String> log) {
        this.server = server;
        this.sizes = sizes;
        this.log = log;
    }

    ConfigResult run(BenchmarkConfig config, boolean withAckPhase) {
        return run(config, withAckPhase, false);
    }

    /** With {@code withBurst}, the burst follows on the same node (the CI run saves a node start that way). */
    ConfigResult run(BenchmarkConfig config, boolean withAckPhase, boolean withBurst) {
        String run = "benchmark-" + config.slug();
        Path gcLog = Artifacts.runDirectory(run).resolve("node-a-gc.txt");
        List<String> notes = new ArrayList<>();
        ConfigResult partial;
        BurstResult burst = null;
        log.accept(config.describe() + ": starting the simulators and a node");
        try (Cluster cluster = Cluster.start(run, server, 1, nodeSettings(config), simulatorSettings(config),
                launch(config, gcLog));
             BenchmarkDatabase database = new BenchmarkDatabase(cluster)) {
            WebhookLoad webhooks = new WebhookLoad(cluster.node(0).baseUrl());
            try (CycleDriver driver = new CycleDriver(cluster.simulators(), database, webhooks, config.noop())) {
                partial = measure(config, withAckPhase, cluster, database, webhooks, driver, notes);
                if (withBurst) {
                    burst = burstPhase(config, cluster, database, webhooks, driver);
                }
            }
        }
        ProcessProbe.Heap heap = ProcessProbe.heap(gcLog);
        ConfigResult result = new ConfigResult(config, partial.pacedRate(), partial.pacedCycles(),
                partial.pacedCompleted(), partial.eventToTask(), partial.completionToUpdate(), partial.paced(),
                partial.backlog(), partial.window(), partial.extraCycles(), partial.incidents(), partial.ack(),
                heap, notes, burst == null ? null : burst.withHeap(heap));
        log.accept(config.describe() + ": " + BenchmarkTable.summary(result));
        return result;
    }

    private ConfigResult measure(BenchmarkConfig config, boolean withAckPhase, Cluster cluster,
                                 BenchmarkDatabase database, WebhookLoad webhooks, CycleDriver driver,
                                 List<String> notes) {
        int ackDeals = withAckPhase ? Math.max(1, Math.min(200, sizes.ackEvents())) : 0;
        List<Long> deals = driver.createDeals(ackDeals + sizes.pacedCycles() + sizes.saturationDeals(),
                "Бенчмарк " + config.slug());
        List<Long> ackPool = deals.subList(0, ackDeals);
        List<Long> pacedDeals = deals.subList(ackDeals, ackDeals + sizes.pacedCycles());
        List<Long> saturationPool = new ArrayList<>(deals.subList(ackDeals + sizes.pacedCycles(), deals.size()));

        WebhookLoad.Result ack = null;
        if (withAckPhase) {
            log.accept(config.describe() + ": " + sizes.ackEvents() + " events at " + sizes.ackRate() + "/s");
            // a third as many first, untimed: the node's JIT compiles the webhook path before it is timed
            webhooks.atFixedRate(sizes.ackRate(), Math.max(1, sizes.ackEvents() / 3),
                    i -> ackPool.get((int) (i % ackDeals)));
            awaitQuietInbox(database, Duration.ofSeconds(120), notes);
            ack = webhooks.atFixedRate(sizes.ackRate(), sizes.ackEvents(), i -> ackPool.get((int) (i % ackDeals)));
            awaitQuietInbox(database, Duration.ofSeconds(120), notes);
        }

        log.accept(config.describe() + ": paced phase, " + sizes.pacedCycles() + " deals at " + sizes.pacedRate()
                + "/s");
        Counters before = Counters.read(cluster, database);
        long start = System.nanoTime();
        for (int i = 0; i < pacedDeals.size(); i++) {
            sleepUntil(start + (long) (i * 1e9 / sizes.pacedRate()));
            driver.enterServiceStage(pacedDeals.get(i), i % sizes.duplicateEvery() == 0 ? sizes.duplicateTimes() : 0);
        }
        long deadline = System.nanoTime() + sizes.pacedDrain().toNanos();
        Set<Long> ended = database.endedCycles();
        while (!ended.containsAll(pacedDeals) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(250));
            ended = database.endedCycles();
        }
        Counters afterPaced = Counters.read(cluster, database);
        Set<Long> endedNow = ended;
        int pacedCompleted = (int) pacedDeals.stream().filter(endedNow::contains).count();
        if (pacedCompleted < pacedDeals.size()) {
            notes.add("paced phase: " + (pacedDeals.size() - pacedCompleted) + " of " + pacedDeals.size()
                    + " cycles had not ended " + sizes.pacedDrain().toSeconds() + " s after the last deal entered"
                    + " the stage; their latencies are missing from the percentiles");
        }
        Map<Long, BenchmarkDatabase.Milestones> milestones = database.milestones();
        List<Long> eventToTask = new ArrayList<>();
        List<Long> completionToUpdate = new ArrayList<>();
        for (long deal : pacedDeals) {
            BenchmarkDatabase.Milestones m = milestones.get(deal);
            if (m != null && m.taskCreated() > 0 && driver.enteredAt(deal) > 0) {
                eventToTask.add(m.taskCreated() - driver.enteredAt(deal));
            }
            if (m != null && m.dealUpdated() > 0 && driver.completedAt(deal) > 0) {
                completionToUpdate.add(m.dealUpdated() - driver.completedAt(deal));
            }
        }

        notes.add(eventPathNote(database.eventPath(), pacedDeals, driver::enteredAt));

        log.accept(config.describe() + ": saturation, " + sizes.backlog() + " open cycles, "
                + sizes.warmup().toSeconds() + " s warm-up, " + sizes.window().toSeconds() + " s measured");
        int[] moved = {pacedCompleted == pacedDeals.size() ? 0 : pacedDeals.size() - pacedCompleted};
        int baseEnded = afterPaced.cyclesEnded();
        IntSupplier open = () -> moved[0] - (database.endedCount() - baseEnded);
        long saturationStart = System.nanoTime();
        long windowStart = saturationStart + sizes.warmup().toNanos();
        long windowEnd = windowStart + sizes.window().toNanos();
        Counters windowFrom = null;
        int duplicateIndex = 0;
        while (System.nanoTime() < windowEnd) {
            if (windowFrom == null && System.nanoTime() >= windowStart) {
                windowFrom = Counters.read(cluster, database);
            }
            int missing = Math.min(50, sizes.backlog() - open.getAsInt());
            for (int i = 0; i < missing; i++) {
                if (saturationPool.isEmpty()) {
                    saturationPool.addAll(driver.createDeals(200, "Бенчмарк " + config.slug() + " +"));
                    notes.add("saturation: 200 more deals created during the run");
                }
                driver.enterServiceStage(saturationPool.remove(0),
                        duplicateIndex++ % sizes.duplicateEvery() == 0 ? sizes.duplicateTimes() : 0);
                moved[0]++;
            }
            sleep(Duration.ofMillis(100));
        }
        Counters windowTo = Counters.read(cluster, database);
        if (windowFrom == null) {
            windowFrom = afterPaced;
        }
        int extraCycles = 0;
        for (int count : database.cyclesPerDeal().values()) {
            extraCycles += Math.max(0, count - 1);
        }
        if (extraCycles > 0) {
            notes.add(extraCycles + " extra cycle(s): a deal's stage entry started more than one cycle");
        }
        if (driver.technicianFailures() > 0) {
            notes.add("the technician failed " + driver.technicianFailures() + " time(s) to complete a task");
        }
        int incidents = database.openIncidents();
        return new ConfigResult(config, sizes.pacedRate(), pacedDeals.size(), pacedCompleted,
                Latencies.of(eventToTask), Latencies.of(completionToUpdate), afterPaced.since(before),
                sizes.backlog(), windowTo.since(windowFrom), extraCycles, incidents, ack, null, notes, null);
    }

    /**
     * 10 000 events (by default) within seconds: {@code burstDeals} deals are put into the service stage with no
     * event, then the events for them - each deal's several times, shuffled - arrive from {@code burstSenders}
     * connections at once. The node must store every one, start exactly one cycle per deal, and keep its heap
     * under {@value #NODE_HEAP_MB} MB.
     */
    BurstResult burst(BenchmarkConfig config) {
        String run = "benchmark-burst";
        Path gcLog = Artifacts.runDirectory(run).resolve("node-a-gc.txt");
        BurstResult partial;
        log.accept("burst: starting the simulators and a node (" + config.describe() + ")");
        try (Cluster cluster = Cluster.start(run, server, 1, nodeSettings(config), simulatorSettings(config),
                launch(config, gcLog));
             BenchmarkDatabase database = new BenchmarkDatabase(cluster)) {
            WebhookLoad webhooks = new WebhookLoad(cluster.node(0).baseUrl());
            try (CycleDriver driver = new CycleDriver(cluster.simulators(), database, webhooks, config.noop())) {
                partial = burstPhase(config, cluster, database, webhooks, driver);
            }
        }
        BurstResult result = partial.withHeap(ProcessProbe.heap(gcLog));
        log.accept("burst: " + BenchmarkTable.summary(result));
        return result;
    }

    private BurstResult burstPhase(BenchmarkConfig config, Cluster cluster, BenchmarkDatabase database,
                                   WebhookLoad webhooks, CycleDriver driver) {
        List<Long> deals = driver.createDeals(sizes.burstDeals(), "Пакет");
        driver.enterServiceStageSilently(deals);
        List<Long> events = new ArrayList<>();
        for (int i = 0; i < sizes.burstEvents(); i++) {
            events.add(deals.get(i % deals.size()));
        }
        Collections.shuffle(events, new Random(42));
        log.accept("burst: " + events.size() + " events for " + deals.size() + " deals from "
                + sizes.burstSenders() + " connections");
        double cpuBefore = ProcessProbe.cpuSeconds(cluster.node(0).pid());
        long start = System.nanoTime();
        WebhookLoad.Result send = webhooks.burst(events, sizes.burstSenders());
        long deadline = start + sizes.burstAbsorb().toNanos();
        long absorbed = -1;
        while (System.nanoTime() < deadline) {
            Map<Long, Integer> cycles = database.cyclesPerDeal();
            if (database.pendingDealEvents() == 0 && deals.stream().allMatch(cycles::containsKey)) {
                absorbed = (System.nanoTime() - start) / 1_000_000;
                break;
            }
            sleep(Duration.ofMillis(200));
        }
        double cpu = ProcessProbe.cpuSeconds(cluster.node(0).pid()) - cpuBefore;
        Map<Long, Integer> cycles = database.cyclesPerDeal();
        int without = (int) deals.stream().filter(d -> !cycles.containsKey(d)).count();
        int several = (int) deals.stream().filter(d -> cycles.getOrDefault(d, 0) > 1).count();
        return new BurstResult(config, deals.size(), events.size(), send, absorbed, without, several,
                database.pendingDealEvents(), null, cpu);
    }

    /**
     * The paced phase's event → task time cut at each hand-over, p50 / p99: the simulator's delivery and the node
     * storing the event, the dispatcher (coalescing pause, deal read, start), the job executor picking up "Load deal",
     * the load itself, the pick-up of "Create HubEx task" (after the classification), the creation.
     */
    static String eventPathNote(Map<Long, long[]> path, List<Long> deals, LongUnaryOperator enteredAt) {
        String[] names = {"delivered and stored", "inbox → cycle started", "→ Load deal picked up", "Load deal",
                "→ Create HubEx task picked up", "Create HubEx task"};
        List<List<Long>> segments = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            segments.add(new ArrayList<>());
        }
        for (long deal : deals) {
            long[] m = path.get(deal);
            long entered = enteredAt.applyAsLong(deal);
            if (m == null || entered <= 0 || Arrays.stream(m).anyMatch(t -> t == 0)) {
                continue;
            }
            long[] points = {entered, m[0], m[1], m[2], m[3], m[4], m[5]};
            for (int i = 0; i < names.length; i++) {
                segments.get(i).add(points[i + 1] - points[i]);
            }
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            parts.add(names[i] + " " + Latencies.of(segments.get(i)).p50p99());
        }
        return "event → task, where the time goes (p50 / p99 of " + segments.get(0).size() + " paced cycles): "
                + String.join("; ", parts);
    }

    /**
     * The node's settings: the harness's (URLs, tokens, field mapping) with DealFlow's production pacing back in
     * place of the harness's quick one, the configuration's Bitrix24 limit, and HubEx unlimited (the simulated
     * tenant has no limit; the real one's is a separate budget, see docs/benchmarks.md).
     */
    private static final String NODE_OVERRIDE = "benchmark.node.";

    static Map<String, String> nodeSettings(BenchmarkConfig config) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("spring.profiles.active", config.noop() ? "harness," + NoopDelegates.PROFILE : "harness");
        if (config.limited()) {
            s.put("dealflow.bitrix24.rate-limit.burst", String.valueOf(config.burst()));
            s.put("dealflow.bitrix24.rate-limit.per-second", String.valueOf(config.perSecond()));
        } else {
            s.put("dealflow.bitrix24.rate-limit.enabled", "false");
        }
        s.put("dealflow.bitrix24.rate-limit-backoff", "500ms");
        s.put("dealflow.hubex.rate-limit.enabled", "false");
        s.put("dealflow.inbox.coalesce-delay", "150ms");
        s.put("dealflow.inbox.poll-interval", "1s");
        s.put("dealflow.inbox.retry-delay", "2s");
        s.put("dealflow.inbox.max-retry-delay", "5m");
        s.put("dealflow.reconciliation.interval", "5m");
        s.put("dealflow.retry.bitrix24", "PT10S,PT30S,PT2M,PT10M,PT30M");
        s.put("dealflow.retry.hubex", "PT10S,PT30S,PT2M,PT10M,PT30M");
        s.put("camunda.bpm.job-execution.wait-time-in-millis", "500");
        s.put("camunda.bpm.job-execution.max-wait", "5000");
        s.put("camunda.bpm.job-execution.lock-time-in-millis", "300000");
        // production's pools (application.yml), not the harness's smaller ones for two nodes on a shared server: a
        // Bitrix24 batch fills only when enough job threads wait for it; the connection pool grows to its maximum
        // under load as in production, but does not hold it while idle
        s.put("camunda.bpm.job-execution.max-pool-size", "40");
        s.put("spring.datasource.hikari.maximum-pool-size", "56");
        s.put("spring.datasource.hikari.minimum-idle", "8");
        s.put("dealflow.bitrix24.read-timeout", "65s");
        s.put("dealflow.hubex.read-timeout", "30s");
        s.putAll(nodeOverrides(System.getProperties()));
        return s;
    }

    /**
     * Settings given as {@code -Dbenchmark.node.<setting>=<value>} (e.g. {@code
     * -Dbenchmark.node.camunda.bpm.job-execution.max-pool-size=24}): one run per variant of a setting, to compare.
     */
    static Map<String, String> nodeOverrides(java.util.Properties properties) {
        Map<String, String> overrides = new java.util.TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(NODE_OVERRIDE) && name.length() > NODE_OVERRIDE.length()) {
                overrides.put(name.substring(NODE_OVERRIDE.length()), properties.getProperty(name));
            }
        }
        return overrides;
    }

    static Map<String, String> simulatorSettings(BenchmarkConfig config) {
        return Map.of("dealflow.sandbox.bitrix24.bucket-size", String.valueOf(config.burst()),
                "dealflow.sandbox.bitrix24.drain-per-second", String.valueOf(config.perSecond()),
                "logging.level.io.dealflow", "warn");
    }

    /**
     * Production's JIT and the options of production's image (the Dockerfile's {@code JAVA_TOOL_OPTIONS}: the
     * collector), not the harness's quick-start options; a 512 MB heap, which overrides the image's share of the
     * container's memory; a GC log; with
     * {@code -Dbenchmark.jfr=true} also a flight recording (profile settings) next to the GC log, to see where the
     * node's CPU goes: {@code bin/jfr-profile node-a.jfr}, and one of the simulators ({@code simulators.jfr}), whose
     * CPU comes off the same cores. The simulators keep the harness's quick start: with the full JIT their compiler
     * threads took a quarter of their CPU in a run of a few minutes, more than C2's code saved (docs/benchmarks.md).
     * {@code -Dbenchmark.nodeJvmOptions="…"} adds options of one's own to the node's (a profiler agent, say);
     * {@code {run}} in them stands for the column's folder.
     */
    static NodeLaunch launch(BenchmarkConfig config, Path gcLog) {
        List<String> options = new ArrayList<>(productionJvmOptions(Path.of("Dockerfile")));
        options.addAll(List.of("-Xmx" + NODE_HEAP_MB + "m", "-Xlog:gc:file=" + gcLog));
        options.addAll(extraNodeOptions(System.getProperty("benchmark.nodeJvmOptions"), gcLog.getParent()));
        List<String> simulatorOptions = new ArrayList<>(Simulators.QUICK_START);
        if (Boolean.getBoolean("benchmark.jfr")) {
            // the engine's stacks are deeper than the recorder's default of 64 frames: a cut stack loses the job
            // or request it belongs to
            options.add("-XX:FlightRecorderOptions:stackdepth=256");
            options.add("-XX:StartFlightRecording=settings=profile,filename="
                    + gcLog.resolveSibling("node-a.jfr"));
            simulatorOptions.add("-XX:FlightRecorderOptions:stackdepth=256");
            simulatorOptions.add("-XX:StartFlightRecording=settings=profile,filename="
                    + gcLog.resolveSibling("simulators.jfr"));
        }
        return new NodeLaunch(options, config.noop() ? List.of(noopClasspath()) : List.of(), simulatorOptions);
    }

    /** The JVM options production's image gives DealFlow: its {@code ENV JAVA_TOOL_OPTIONS="…"}, split. */
    static List<String> productionJvmOptions(Path dockerfile) {
        String prefix = "ENV JAVA_TOOL_OPTIONS=";
        try (Stream<String> lines = Files.lines(dockerfile)) {
            String value = lines.map(String::trim).filter(line -> line.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(dockerfile + " sets no JAVA_TOOL_OPTIONS"))
                    .substring(prefix.length()).replace("\"", "").trim();
            return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node's extra JVM options, split at white space, with {@code {run}} replaced by the column's folder. */
    static List<String> extraNodeOptions(String options, Path runDirectory) {
        if (options == null || options.isBlank()) {
            return List.of();
        }
        return Arrays.stream(options.trim().split("\\s+"))
                .map(option -> option.replace("{run}", runDirectory.toString())).toList();
    }

    /**
     * A folder with only the no-op delegates' classes, copied from the test classes: the node must not see the
     * other test classes (their configurations would be scanned).
     */
    static Path noopClasspath() {
        try {
            Path classes = Path.of(NoopDelegates.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String packagePath = NoopDelegates.class.getPackageName().replace('.', '/');
            Path source = classes.resolve(packagePath);
            Path root = Artifacts.runDirectory("benchmark-noop-classpath");
            Path target = root.resolve(packagePath);
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    Files.copy(file, target.resolve(file.getFileName().toString()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the no-op delegates' classpath", e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitQuietInbox(BenchmarkDatabase database, Duration timeout, List<String> notes) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (database.pendingDealEvents() > 0) {
            if (System.nanoTime() > deadline) {
                notes.add("acknowledgement phase: events still waiting in the inbox after " + timeout.toSeconds()
                        + " s; the paced phase started with them");
                return;
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            sleep(Duration.ofNanos(wait));
        }
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
