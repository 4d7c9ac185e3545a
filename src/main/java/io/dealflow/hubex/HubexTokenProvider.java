package io.dealflow.hubex;

import java.time.Clock;
import java.time.Instant;

/**
 * Holds the access token obtained for the service token; renews it shortly before it expires and on demand
 * after a 401. One exchange at a time, however many threads ask.
 */
class HubexTokenProvider {

    interface Exchange {
        /** Exchanges the service token; returns the access token and its lifetime in seconds. */
        AccessToken exchange();
    }

    record AccessToken(String value, long expiresInSeconds) {
        @Override
        public String toString() {
            return "AccessToken[***]";
        }
    }

    private final Exchange exchange;
    private final long renewBeforeSeconds;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    HubexTokenProvider(Exchange exchange, long renewBeforeSeconds, Clock clock) {
        this.exchange = exchange;
        this.renewBeforeSeconds = renewBeforeSeconds;
        this.clock = clock;
    }

    synchronized String token() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            renew();
        }
        return token;
    }

    /**
     * Exchanges the service token now, whatever the current token's age, and keeps the new access token: the
     * health check's proof that the service token still works costs no extra token.
     */
    synchronized AccessToken renew() {
        AccessToken fresh = exchange.exchange();
        token = fresh.value();
        long validFor = Math.max(fresh.expiresInSeconds() - renewBeforeSeconds, fresh.expiresInSeconds() / 2);
        renewAt = clock.instant().plusSeconds(validFor);
        return fresh;
    }

    /** Forgets the token HubEx has just refused, unless another thread replaced it already. */
    synchronized void invalidate(String refused) {
        if (refused != null && refused.equals(token)) {
            token = null;
        }
    }
}
