-- When the events behind a cycle were stored, for the latency metrics (docs/operations.md): the deal event that
-- started the cycle (null for a backfill) and the last HubEx task change delivered to it.
alter table dealflow_cycle add column event_received_at timestamp;
alter table dealflow_cycle add column task_event_received_at timestamp;
