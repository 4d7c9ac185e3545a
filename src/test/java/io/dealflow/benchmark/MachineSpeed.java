package io.dealflow.benchmark;

import java.util.Arrays;

/**
 * A fixed piece of CPU work, timed at the start of a run, so that runs on different machines can be told apart: the
 * same build took twice the CPU per cycle on one 2-core machine as on another (docs/benchmarks.md). Sorting
 * pseudo-random numbers exercises what the node's work does (branches, memory), where a hash would measure the
 * processor's hashing instructions.
 */
final class MachineSpeed {

    static final int NUMBERS = 1 << 22;

    /** How long one thread took to sort {@link #NUMBERS} pseudo-random ints (the best of three), and a checksum. */
    record Measurement(long millis, long checksum) {

        String describe() {
            return "sorting " + NUMBERS + " pseudo-random ints on one thread took " + millis + " ms";
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
        return new Measurement(best, checksum);
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
