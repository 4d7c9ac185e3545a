package io.dealflow.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where the buckets live follows dealflow.rate-limits.scope and the database behind spring.datasource.url. */
class RateLimitConfigurationIT {

    @RegisterExtension
    static final SharedBucketsDatabase postgres = new SharedBucketsDatabase();

    private static JdbcDataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:scope;DB_CLOSE_DELAY=-1");
        return h2;
    }

    private final RateLimitConfiguration configuration = new RateLimitConfiguration();

    @Test
    void autoSharesTheBucketsOnPostgreSqlAndKeepsThemInMemoryOnTheEmbeddedH2() {
        assertThat(configuration.rateLimitBuckets(postgres.dataSource(), "auto").scope()).isEqualTo("database");
        assertThat(configuration.rateLimitBuckets(h2(), "auto").scope()).isEqualTo("node");
    }

    @Test
    void nodeKeepsThemInMemoryEvenOnPostgreSql() {
        assertThat(configuration.rateLimitBuckets(postgres.dataSource(), "node").scope()).isEqualTo("node");
        assertThat(configuration.rateLimitBuckets(postgres.dataSource(), " Cluster ").scope())
                .isEqualTo("database");
    }

    @Test
    void clusterOnH2AndUnknownValuesRefuseToStartNamingTheSetting() {
        assertThatThrownBy(() -> configuration.rateLimitBuckets(h2(), "cluster"))
                .hasMessageContaining("dealflow.rate-limits.scope=cluster").hasMessageContaining("PostgreSQL");
        assertThatThrownBy(() -> configuration.rateLimitBuckets(h2(), "everywhere"))
                .hasMessage("dealflow.rate-limits.scope must be auto, cluster or node, got 'everywhere'");
    }
}
