package io.dealflow.benchmark;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fixed piece of CPU work, timed at the start of a run, so that runs on different machines can be told apart: the
 * same build carried twice the cycles on one 2-core machine as on another (docs/benchmarks.md).
 */
final class MachineSpeed {

    static final int MEBIBYTES = 64;

    /** How long one thread took to hash {@link #MEBIBYTES} MiB of zeros with SHA-256 (the best of three), and the hash. */
    record Measurement(long millis, String sha256) {

        String describe() {
            return "SHA-256 of " + MEBIBYTES + " MiB on one thread in " + millis + " ms";
        }
    }

    private MachineSpeed() {
    }

    static Measurement measure() {
        byte[] block = new byte[1 << 20];
        long best = Long.MAX_VALUE;
        String sha256 = null;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            MessageDigest digest = sha256();
            for (int i = 0; i < MEBIBYTES; i++) {
                digest.update(block);
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
        }
        return new Measurement(best, sha256);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
