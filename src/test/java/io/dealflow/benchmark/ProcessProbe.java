package io.dealflow.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM of the benchmark costs, read from outside without disturbing it: CPU time from
 * {@code /proc/<pid>/stat}, heap from its GC log ({@code -Xlog:gc:file=…}).
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
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.UTF_8);
            // the command name in parentheses may contain spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
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
