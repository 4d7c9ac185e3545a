package io.dealflow.bitrix24;

/**
 * A failed Bitrix24 call, classified so that callers and operators know what to do. The message names the method
 * and Bitrix24's own error, never the webhook URL (it contains the secret).
 */
public class Bitrix24Exception extends RuntimeException {

    public enum Kind {
        /** 503 QUERY_LIMIT_EXCEEDED: not executed; safe to repeat after a pause. */
        RATE_LIMITED(true),
        /** 429 OPERATION_TIME_LIMIT: this method's time budget is used up until operating_reset_at. */
        OPERATION_TIME_LIMIT(true),
        /** Wrong webhook secret, missing scope, no rights: a configuration problem, retrying will not help. */
        AUTH(false),
        /** The deal, contact or company does not exist (any more). */
        NOT_FOUND(false),
        /** Bitrix24 refused the data (validation, wrong stage, …). */
        REJECTED(false),
        /** 5xx, broken answer, timeout or connection failure: may or may not have been executed. */
        UNAVAILABLE(true);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final String method;
    private final String errorCode;

    public Bitrix24Exception(Kind kind, String method, String errorCode, String message) {
        super(message);
        this.kind = kind;
        this.method = method;
        this.errorCode = errorCode;
    }

    public Kind kind() { return kind; }
    public String method() { return method; }
    public String errorCode() { return errorCode; }
    public boolean retryable() { return kind.retryable(); }
}
