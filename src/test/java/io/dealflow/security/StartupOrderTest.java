package io.dealflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.dealflow.support.RunningServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The web server creates its filters before every other bean. A filter that needed the process engine at that
 * point would build it before Flyway ran: the engine's tables would make Flyway take the schema as a baseline and
 * skip DealFlow's first migration, leaving the inbox tables missing on a fresh database.
 */
@RunningServiceTest
class StartupOrderTest {

    @Autowired JdbcTemplate jdbc;

    @Test
    void flywayMigratesDealFlowsTablesBeforeTheEngineCreatesItsOwn() {
        List<String> first = jdbc.queryForList(
                "select \"type\" from \"dealflow_schema_history\" where \"version\" = '1'", String.class);

        assertThat(first).containsExactly("SQL");
        assertThat(jdbc.queryForObject("select count(*) from dealflow_deal_event", Integer.class)).isNotNull();
    }
}
