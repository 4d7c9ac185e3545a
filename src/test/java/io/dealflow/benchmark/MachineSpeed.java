package io.dealflow.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * A fixed piece of CPU work, timed at the start of a run, so that runs on different machines can be told apart: the
 * same build took twice the CPU per cycle on one 2-core machine as on another (docs/benchmarks.md). Sorting
 * pseudo-random numbers exercises what the node's work does (branches, memory), where a hash would measure the
 * processor's hashing instructions.
 *
 * <p>The sort does not see what a real cycle does far more often than a no-op one: hand a message to another thread
 * over a socket and wait for the answer (every Bitrix24 and HubEx call, every event and webhook). Two machines that
 * sort alike differed by half in what a real cycle adds; so the second figure is the CPU one loopback round trip
 * costs - the system calls and the two wake-ups - which a virtual machine's kernel can make several times dearer.
 */
final class MachineSpeed {

    static final int NUMBERS = 1 << 22;

    static final int ROUND_TRIPS = 10_000;
    static final int MESSAGE_BYTES = 200;

    /**
     * How long one thread took to sort {@link #NUMBERS} pseudo-random ints (the best of three), a checksum, and the
     * process's CPU time per loopback round trip of {@link #MESSAGE_BYTES} bytes (the best of three runs).
     */
    record Measurement(long millis, long checksum, double roundTripCpuMicros) {

        String describe() {
            return "sorting " + NUMBERS + " pseudo-random ints on one thread took " + millis + " ms; a " + MESSAGE_BYTES
                    + "-byte round trip between two threads over loopback TCP took "
                    + String.format(java.util.Locale.ROOT, "%.1f", roundTripCpuMicros) + " µs of CPU";
        }
    }

    private MachineSpeed() {
    }

    static Measurement measure() {
        long best = Long.MAX_VALUE;
        long checksum = 0;
        for (int round = 0; round < 3; round++) {
            int[] numbers = numbers();
            long start = System.nanoTime();
            Arrays.sort(numbers);
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
            checksum = 0;
            for (int i = 0; i < NUMBERS; i += 4096) {
                checksum = checksum * 31 + numbers[i];
            }
        }
        return new Measurement(best, checksum, roundTripCpuMicros());
    }

    /** The process's CPU time per round trip: a client thread writes, an echo thread answers (best of three). */
    static double roundTripCpuMicros() {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> echo(server), "machine-speed-echo");
            echo.setDaemon(true);
            echo.start();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.setTcpNoDelay(true);
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                byte[] message = new byte[MESSAGE_BYTES];
                byte[] answer = new byte[MESSAGE_BYTES];
                double best = Double.MAX_VALUE;
                for (int round = 0; round < 4; round++) {
                    long cpu = processCpuNanos();
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        out.write(message);
                        readFully(in, answer);
                    }
                    double micros = (processCpuNanos() - cpu) / 1_000.0 / ROUND_TRIPS;
                    // the first round warms the code up
                    best = round == 0 ? best : Math.min(best, micros);
                }
                return best;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the loopback round trip could not be measured", e);
        }
    }

    private static void echo(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[MESSAGE_BYTES];
            while (readFully(in, buffer)) {
                out.write(buffer);
            }
        } catch (IOException e) {
            // the client closed the connection: the measurement is over
        }
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int read = 0;
        while (read < buffer.length) {
            int n = in.read(buffer, read, buffer.length - read);
            if (n < 0) {
                return false;
            }
            read += n;
        }
        return true;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The same numbers on every machine: a linear congruential sequence from a fixed seed. */
    private static int[] numbers() {
        int[] numbers = new int[NUMBERS];
        long state = 42;
        for (int i = 0; i < NUMBERS; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            numbers[i] = (int) (state >>> 33);
        }
        return numbers;
    }
}
