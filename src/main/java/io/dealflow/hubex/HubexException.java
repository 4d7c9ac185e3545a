package io.dealflow.hubex;

/** A failed HubEx call; the message says what failed in words an operator understands and carries no token. */
public class HubexException extends RuntimeException {

    public enum Kind {
        /** 5xx, 429, timeouts, broken answers: repeated by the job retry. */
        UNAVAILABLE(true),
        /** The service token is wrong or expired, or X-Application-ID is refused. */
        AUTH(false),
        NOT_FOUND(false),
        /** 409 on create: a task with this X-Concurrency-Stamp exists already. */
        DUPLICATE(false),
        /** 400/422: HubEx refused the data. */
        REJECTED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final int status;

    public HubexException(Kind kind, int status, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() { return kind; }
    public int status() { return status; }
}
