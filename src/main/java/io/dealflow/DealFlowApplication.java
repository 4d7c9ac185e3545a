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
        keepConnectionsAlive();
        SpringApplication.run(DealFlowApplication.class, args);
    }

    /** Sets http.maxConnections unless the administrator did (-Dhttp.maxConnections or JAVA_TOOL_OPTIONS). */
    public static void keepConnectionsAlive() {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", KEEP_ALIVE_CONNECTIONS);
        }
    }
}
