package io.dealflow.ratelimit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses where the API limits' buckets live ({@code dealflow.rate-limits.scope}): {@code cluster} in the database,
 * shared by every node; {@code node} in each node's memory; {@code auto} (the default) the database when it is
 * PostgreSQL, memory on the embedded H2 of a first run, which only ever has one node.
 */
@Configuration
public class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    public enum Scope { AUTO, CLUSTER, NODE }

    @Bean
    public RateLimitBuckets rateLimitBuckets(DataSource dataSource,
                                             @Value("${dealflow.rate-limits.scope:auto}") String scope) {
        Scope chosen = parse(scope);
        boolean postgres = isPostgreSql(dataSource);
        if (chosen == Scope.CLUSTER && !postgres) {
            throw new IllegalStateException("dealflow.rate-limits.scope=cluster keeps the Bitrix24 and HubEx limits"
                    + " in the database, which needs PostgreSQL (spring.datasource.url); use scope node or auto");
        }
        if (chosen == Scope.NODE || (chosen == Scope.AUTO && !postgres)) {
            log.info("Bitrix24 and HubEx rate limits are kept by this node alone (dealflow.rate-limits.scope={});"
                    + " with several nodes give each its share of the limits", scope);
            return RateLimitBuckets.inMemory();
        }
        log.info("Bitrix24 and HubEx rate limits are shared in the database by every node"
                + " (dealflow.rate-limits.scope={})", scope);
        return new DatabaseRateLimitBuckets(dataSource);
    }

    static Scope parse(String scope) {
        try {
            return Scope.valueOf(scope.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("dealflow.rate-limits.scope must be auto, cluster or node, got '"
                    + scope + "'");
        }
    }

    private static boolean isPostgreSql(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("could not tell which database spring.datasource.url points at: "
                    + e.getMessage(), e);
        }
    }
}
