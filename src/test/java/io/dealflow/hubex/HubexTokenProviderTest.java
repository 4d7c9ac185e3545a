package io.dealflow.hubex;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import io.dealflow.support.MutableClock;

/** When the access token is exchanged again: before expiry, after a refusal, never in between. */
class HubexTokenProviderTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));
    private final AtomicInteger exchanges = new AtomicInteger();

    private HubexTokenProvider provider(long expiresIn, long renewBefore) {
        return new HubexTokenProvider(
                () -> new HubexTokenProvider.AccessToken("t" + exchanges.incrementAndGet(), expiresIn),
                renewBefore, clock);
    }

    @Test
    void exchangesOnFirstUseAndCachesUntilRenewal() {
        HubexTokenProvider tokens = provider(1800, 300);

        assertThat(tokens.token()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(1499));
        assertThat(tokens.token()).isEqualTo("t1");
        assertThat(exchanges).hasValue(1);
    }

    @Test
    void renewsAtExpiresInMinusRenewBefore() {
        HubexTokenProvider tokens = provider(1800, 300);
        tokens.token();

        clock.advance(Duration.ofSeconds(1500));

        assertThat(tokens.token()).isEqualTo("t2");
        assertThat(exchanges).hasValue(2);
        clock.advance(Duration.ofSeconds(1499));
        assertThat(tokens.token()).isEqualTo("t2");
    }

    @Test
    void keepsAShortLivedTokenForHalfItsLifetime() {
        HubexTokenProvider tokens = provider(200, 300);
        tokens.token();

        clock.advance(Duration.ofSeconds(99));
        assertThat(tokens.token()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.token()).isEqualTo("t2");
    }

    @Test
    void exchangesAgainAfterTheCurrentTokenIsRefused() {
        HubexTokenProvider tokens = provider(1800, 300);
        tokens.token();

        tokens.invalidate("t1");

        assertThat(tokens.token()).isEqualTo("t2");
    }

    @Test
    void ignoresTheRefusalOfAnOlderToken() {
        HubexTokenProvider tokens = provider(1800, 300);
        tokens.token();

        tokens.invalidate("t0");
        tokens.invalidate(null);

        assertThat(tokens.token()).isEqualTo("t1");
        assertThat(exchanges).hasValue(1);
    }

    @Test
    void accessTokenHidesItsValueInToString() {
        assertThat(new HubexTokenProvider.AccessToken("eyJ-secret", 1800).toString()).doesNotContain("eyJ-secret");
    }
}
