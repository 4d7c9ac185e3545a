package io.dealflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port nobody listens on, for a test server whose own URL must be known before it starts.
 *
 * <p>The port is taken below the kernel's range for outgoing connections: a port from that range (what binding port
 * 0 hands out) can be given to an outgoing connection - a node's own database connections, opened before its web
 * server binds - between this look-up and the server's start, and the server then fails with "port already in use".
 */
public final class FreePort {

    /** The lowest port handed out: above the well-known and most registered services' ports. */
    static final int LOWEST = 20000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePort() {
    }

    public static synchronized int find() {
        int below = firstEphemeralPort(EPHEMERAL_RANGE);
        for (int attempt = 0; below - LOWEST > 100 && attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        return anyPort();
    }

    /** The first port of the kernel's range for outgoing connections; {@link #LOWEST} when it cannot be read. */
    static int firstEphemeralPort(Path rangeFile) {
        try {
            String[] range = Files.readString(rangeFile).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return LOWEST;
        }
    }

    static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
