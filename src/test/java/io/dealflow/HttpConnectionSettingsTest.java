package io.dealflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK's HttpURLConnection settings DealFlow starts with unless the administrator chose (ADR 0021). */
class HttpConnectionSettingsTest {

    private static final List<String> PROPERTIES = List.of("http.maxConnections", "sun.net.http.retryPost");

    private final Map<String, String> before = new HashMap<>();

    @BeforeEach
    void remember() {
        PROPERTIES.forEach(name -> before.put(name, System.getProperty(name)));
        PROPERTIES.forEach(System::clearProperty);
    }

    @AfterEach
    void restore() {
        before.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void keepsAsManyIdleConnectionsAsTheJobThreadsUseAndNeverResendsAPost() {
        DealFlowApplication.configureHttpConnections();

        assertThat(System.getProperty("http.maxConnections")).isEqualTo(DealFlowApplication.KEEP_ALIVE_CONNECTIONS);
        assertThat(System.getProperty("sun.net.http.retryPost")).isEqualTo("false");
    }

    @Test
    void leavesTheAdministratorsChoice() {
        System.setProperty("http.maxConnections", "12");
        System.setProperty("sun.net.http.retryPost", "true");

        DealFlowApplication.configureHttpConnections();

        assertThat(System.getProperty("http.maxConnections")).isEqualTo("12");
        assertThat(System.getProperty("sun.net.http.retryPost")).isEqualTo("true");
    }
}
