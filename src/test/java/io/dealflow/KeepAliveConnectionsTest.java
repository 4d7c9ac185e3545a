package io.dealflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The clients' idle connections per host: the JDK's 5 unless the administrator chose (ADR 0021). */
class KeepAliveConnectionsTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty("http.maxConnections");
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("http.maxConnections");
        } else {
            System.setProperty("http.maxConnections", before);
        }
    }

    @Test
    void keepsAsManyIdleConnectionsAsTheJobThreadsUse() {
        System.clearProperty("http.maxConnections");

        DealFlowApplication.keepConnectionsAlive();

        assertThat(System.getProperty("http.maxConnections")).isEqualTo(DealFlowApplication.KEEP_ALIVE_CONNECTIONS);
    }

    @Test
    void leavesTheAdministratorsChoice() {
        System.setProperty("http.maxConnections", "12");

        DealFlowApplication.keepConnectionsAlive();

        assertThat(System.getProperty("http.maxConnections")).isEqualTo("12");
    }
}
