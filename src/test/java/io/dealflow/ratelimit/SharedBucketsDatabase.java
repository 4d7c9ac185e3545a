package io.dealflow.ratelimit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import io.dealflow.support.PostgresTestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own on the tests' PostgreSQL with DealFlow's migrations applied, for the buckets shared by nodes:
 * every {@link #nodeBuckets()} is a node of its own (its own data source) on the same table. A JUnit extension:
 * {@code @RegisterExtension static final SharedBucketsDatabase database = new SharedBucketsDatabase();} migrates
 * before the class's tests and drops the schema after them.
 */
public final class SharedBucketsDatabase implements BeforeAllCallback, AfterAllCallback {

    private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/dealflow";

    private final String schema = "buckets_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private PostgresTestDatabase.Connection db;

    @Override
    public void beforeAll(ExtensionContext context) {
        db = PostgresTestDatabase.get();
        Flyway.configure().dataSource(db.url(), db.username(), db.password()).schemas(schema)
                .table("dealflow_schema_history").load().migrate();
    }

    /** The buckets as one more node sees them: a data source of its own on the shared table. */
    public DatabaseRateLimitBuckets nodeBuckets() {
        return new DatabaseRateLimitBuckets(dataSource());
    }

    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(db.url());
        dataSource.setUser(db.username());
        dataSource.setPassword(db.password());
        dataSource.setCurrentSchema(schema);
        return dataSource;
    }

    /** Buckets on a database that does not answer (nothing listens on port 1). */
    public DatabaseRateLimitBuckets unreachableBuckets() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(UNREACHABLE);
        dataSource.setUser("dealflow");
        dataSource.setPassword("s3cret-db-password");
        dataSource.setConnectTimeout(2);
        return new DatabaseRateLimitBuckets(dataSource);
    }

    public String unreachableUrl() {
        return UNREACHABLE;
    }

    /** How many bucket rows the nodes have written. */
    public int rows() {
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password());
             Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("select count(*) from " + schema + "."
                    + DatabaseRateLimitBuckets.TABLE);
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password());
             Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            // the test database is thrown away after the run anyway
        }
    }
}
