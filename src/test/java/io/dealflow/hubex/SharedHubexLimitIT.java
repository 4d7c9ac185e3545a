package io.dealflow.hubex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import io.dealflow.hubex.HubexException.Kind;
import io.dealflow.ratelimit.SharedBucketsDatabase;
import io.github.bucket4j.BucketListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes calling one HubEx tenant draw from one budget when the buckets are in the database. */
class SharedHubexLimitIT {

    @RegisterExtension
    static final SharedBucketsDatabase database = new SharedBucketsDatabase();

    @Test
    void theSecondNodeIsHeldBackOnceTheFirstSpentTheTenantsBurst() {
        HubexProperties.RateLimit settings = new HubexProperties.RateLimit();
        settings.setPerMinute(60);
        settings.setBurst(3);
        settings.setMaxWait(Duration.ZERO);
        HubexRateLimiter first = new HubexRateLimiter(settings, database.nodeBuckets(), "api.hubex.ru",
                BucketListener.NOPE);
        HubexRateLimiter second = new HubexRateLimiter(settings, database.nodeBuckets(), "api.hubex.ru",
                BucketListener.NOPE);

        first.acquire("read the task");
        first.acquire("read the task");
        second.acquire("read the task");
        HubexException refused = catchThrowableOfType(HubexException.class, () -> second.acquire("create the task"));

        assertThat(refused.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(refused.getMessage()).contains("could not create the task: not sent, the client-side limit");
    }
}
