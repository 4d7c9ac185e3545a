package io.dealflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePortTest {

    @Test
    void portsComeFromBelowTheRangeOfOutgoingConnectionsEachOnceAndFree() throws IOException {
        int ephemeral = FreePort.firstEphemeralPort(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int port = FreePort.find();
            assertThat(ports.add(port)).as("port %d handed out once", port).isTrue();
            if (ephemeral - FreePort.LOWEST > 100) {
                assertThat(port).isBetween(FreePort.LOWEST, ephemeral - 1);
            }
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(port));
                assertThat(FreePort.bindable(port)).as("a port someone listens on").isFalse();
            }
        }
    }

    @Test
    void theKernelsOwnFileIsReadWhole() throws IOException {
        Path kernel = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (!Files.exists(kernel)) {
            return;
        }
        // procfs reports a size of 0: a reader that trusts it got "3" of "32768 60999", and every port came from
        // the kernel's own range, where the same port can come back twice
        int first;
        try (var in = new java.io.FileInputStream(kernel.toFile())) {
            first = Integer.parseInt(new String(in.readAllBytes()).trim().split("\\s+")[0]);
        }
        assertThat(FreePort.firstEphemeralPort(kernel)).isEqualTo(first);
    }

    @Test
    void theRangeIsReadFromTheKernelsFileOrTheLowestPortIsAssumed(@TempDir Path dir) throws IOException {
        Path range = dir.resolve("ip_local_port_range");
        Files.writeString(range, "32768\t60999\n");
        assertThat(FreePort.firstEphemeralPort(range)).isEqualTo(32768);
        assertThat(FreePort.firstEphemeralPort(dir.resolve("missing"))).isEqualTo(FreePort.LOWEST);
        Files.writeString(range, "garbage");
        assertThat(FreePort.firstEphemeralPort(range)).isEqualTo(FreePort.LOWEST);
    }
}
