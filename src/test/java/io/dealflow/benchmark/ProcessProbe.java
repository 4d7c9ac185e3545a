package io.dealflow.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM of the benchmark costs, read from outside without disturbing it: CPU time from
 * {@code /proc/<pid>/stat} (by thread from {@code /proc/<pid>/task/<tid>/stat}), heap from its GC log
 * ({@code -Xlog:gc:file=…}).
 */
final class ProcessProbe {

    /** Heap in MB: the most used before a collection, and the most still live after one. */
    record Heap(long peakUsedMb, long maxLiveMb, long committedMb, int collections) {
        String describe() {
            return collections == 0 ? "no GC" : peakUsedMb + " / " + maxLiveMb + " MB";
        }
    }

    /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern COLLECTION = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private ProcessProbe() {
    }

    /** User plus system CPU seconds the process has used, or NaN when it cannot be read (not Linux, gone). */
    static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            return cpuSecondsOf(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"),
                    StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds of the process's live threads by {@link #threadGroup}: which part of the node a cycle's CPU went to,
     * without a profiler in the way. Empty when they cannot be read; a thread that ended in between is missed (the
     * node's pools keep theirs).
     */
    static Map<String, Double> cpuSecondsByThread(long pid) {
        Map<String, Double> groups = new TreeMap<>();
        if (pid <= 0) {
            return groups;
        }
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
                    groups.merge(threadGroup(threadName(stat)), cpuSecondsOf(stat), Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while the folder was read
                }
            });
        } catch (IOException | RuntimeException e) {
            groups.clear();
        }
        return groups;
    }

    /** The node's part a thread works for, from the (15-character) name the kernel keeps for it. */
    static String threadGroup(String name) {
        if (name.startsWith("camundaTaskExec")) {
            return "jobs";
        } else if (name.startsWith("JobExecutor[")) {
            return "job acquisition";
        } else if (name.startsWith("http-nio-")) {
            return "webhooks' HTTP";
        } else if (name.startsWith("dealflow-deal-")) {
            return "dispatcher";
        } else if (name.startsWith("dealflow-task-")) {
            return "HubEx correlation";
        } else if (name.startsWith("dealflow-bitrix")) {
            return "Bitrix24 senders";
        } else if (name.startsWith("HttpClient-")) {
            return "HTTP client";
        } else if (name.matches("C\\d CompilerThre.*")) {
            return "JIT compiler";
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "GC";
        }
        return "other";
    }

    /** The command name between the first '(' and the last ')': it may contain spaces and parentheses. */
    static String threadName(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** utime + stime of a {@code stat} line, counted after the name's closing parenthesis. */
    static double cpuSecondsOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** The heap figures of a {@code -Xlog:gc} file; zero collections when there is none. */
    static Heap heap(Path gcLog) {
        List<String> lines;
        try {
            lines = Files.exists(gcLog) ? Files.readAllLines(gcLog, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            lines = List.of();
        }
        return heap(lines);
    }

    static Heap heap(List<String> gcLogLines) {
        long peak = 0;
        long live = 0;
        long committed = 0;
        int collections = 0;
        for (String line : gcLogLines) {
            Matcher m = COLLECTION.matcher(line);
            if (m.find()) {
                collections++;
                peak = Math.max(peak, Long.parseLong(m.group(1)));
                live = Math.max(live, Long.parseLong(m.group(2)));
                committed = Math.max(committed, Long.parseLong(m.group(3)));
            }
        }
        return new Heap(peak, live, committed, collections);
    }
}
