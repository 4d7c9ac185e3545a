package io.dealflow.ratelimit;

/**
 * The bucket shared in the database could not be read or written (the database is down or the pool is exhausted):
 * the request it guards was not sent. The message names the cause's type only; the callers add what was not sent.
 */
public class RateLimitUnavailableException extends RuntimeException {

    public RateLimitUnavailableException(RuntimeException cause) {
        super("the rate limit shared in the database could not be read (" + rootCause(cause) + ")", cause);
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
