-- The token buckets of the Bitrix24 and HubEx limits, shared by every DealFlow node on this database (ADR 0013;
-- dealflow.rate-limits.scope). Bucket4j's PostgreSQL proxy manager owns the rows: one per portal or tenant and
-- limit, the key a hash of both, the state Bucket4j's own serialized form. Unused on the embedded H2 of a first run.
create table dealflow_rate_limit_bucket (
    id    bigint primary key,
    state bytea
);
