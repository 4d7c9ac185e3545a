package io.dealflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DealFlowApplication {

    /**
     * Idle connections per host that the JDK keeps open for the Bitrix24 and HubEx clients (HttpURLConnection), and
     * for the simulators' calls to DealFlow. Its own default of 5 closes the connection of every call beyond five at
     * once; the job threads call in parallel.
     */
    public static final String KEEP_ALIVE_CONNECTIONS = "64";

    public static void main(String[] args) {
        configureHttpConnections();
        SpringApplication.run(DealFlowApplication.class, args);
    }

    /**
     * The JDK's settings for HttpURLConnection (ADR 0021), each unless the administrator set it (-D or
     * JAVA_TOOL_OPTIONS): {@value #KEEP_ALIVE_CONNECTIONS} idle connections per host, and no silent second send of a
     * POST whose kept connection failed - whether a comment or a task may be sent again is DealFlow's decision (the
     * comment ledger, HubEx's concurrency stamp), not the transport's.
     */
    public static void configureHttpConnections() {
        setUnlessGiven("http.maxConnections", KEEP_ALIVE_CONNECTIONS);
        setUnlessGiven("sun.net.http.retryPost", "false");
    }

    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
