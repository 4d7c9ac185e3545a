package io.dealflow.support;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
        // not Files.readString: procfs reports a size of 0, and it read "3" of "32768 60999" - every look-up then
        // went to the kernel's own ports, which can come back twice
        try (FileInputStream in = new FileInputStream(rangeFile.toFile())) {
            String[] range = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
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

    /** A port the kernel picks; the kernel may pick a port again once it is closed, so none is handed out twice. */
    private static int anyPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port that was not handed out before");
    }
}
