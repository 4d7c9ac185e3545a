package io.dealflow.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The inboxes' settings as Spring binds them at start. */
class InboxPropertiesTest {

    @Test
    void thePausesAreBoundFromTheirKeys() {
        InboxProperties bound = bind(Map.of("dealflow.inbox.coalesce-delay", "50ms",
                "dealflow.inbox.task-event-coalesce-delay", "0"));

        assertThat(bound.getCoalesceDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(bound.getTaskEventCoalesceDelay()).isZero();
    }

    @Test
    void aNegativePauseStopsTheStartWithTheKeyItCameFrom() {
        // either loop would otherwise fail every pass, logging the same error every second
        assertThatThrownBy(() -> bind(Map.of("dealflow.inbox.coalesce-delay", "-150ms")))
                .isInstanceOf(BindException.class).rootCause()
                .hasMessage("dealflow.inbox.coalesce-delay must not be negative, got PT-0.15S");
        assertThatThrownBy(() -> bind(Map.of("dealflow.inbox.task-event-coalesce-delay", "-100ms")))
                .isInstanceOf(BindException.class).rootCause()
                .hasMessage("dealflow.inbox.task-event-coalesce-delay must not be negative, got PT-0.1S");
    }

    private static InboxProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bind("dealflow.inbox", InboxProperties.class).get();
    }
}
