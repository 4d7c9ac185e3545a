package io.dealflow.harness;

import java.nio.file.Path;
import java.util.List;

/**
 * How a {@link DealFlowNode}'s JVM is started: its options, and directories or jars put on the classpath before
 * the packaged jar's own classes (the benchmark's no-op delegates, which live in the test sources only); and the
 * JVM options of the cluster's {@link Simulators}.
 */
public record NodeLaunch(List<String> jvmOptions, List<Path> extraClasspath, List<String> simulatorJvmOptions) {

    /** The fault harness's nodes and simulators: small, quick to start (C1 only), serial GC. */
    public static final NodeLaunch DEFAULT = new NodeLaunch(
            List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), List.of(), Simulators.QUICK_START);

    public NodeLaunch {
        jvmOptions = List.copyOf(jvmOptions);
        extraClasspath = List.copyOf(extraClasspath);
        simulatorJvmOptions = List.copyOf(simulatorJvmOptions);
    }
}
