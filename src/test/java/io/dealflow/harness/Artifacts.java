package io.dealflow.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the packaged jar is and where runs write their logs and reports. */
public final class Artifacts {

    private Artifacts() {
    }

    /**
     * The Spring Boot jar built by {@code mvn package}: the system property {@code dealflow.jar} (set by the
     * failsafe configuration), else the newest {@code target/dealflow-*.jar}.
     */
    public static Path jar() {
        String configured = System.getProperty("dealflow.jar");
        if (configured != null && !configured.isBlank() && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath();
        }
        Path target = Path.of(System.getProperty("dealflow.build.dir", "target"));
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("dealflow-.*\\.jar"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                    .map(Path::toAbsolutePath)
                    .orElseThrow(() -> new IllegalStateException("no dealflow-*.jar in " + target.toAbsolutePath()
                            + ": build it with mvn package (the harness starts DealFlow from the packaged jar)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target.toAbsolutePath()
                    + ": build the jar with mvn package first", e);
        }
    }

    /** An empty folder for one run's logs: {@code target/reliability/<name>}. */
    public static Path runDirectory(String name) {
        Path dir = Path.of(System.getProperty("dealflow.build.dir", "target"), "reliability", name).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path file : old.filter(p -> p.toString().endsWith(".log")).toList()) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
