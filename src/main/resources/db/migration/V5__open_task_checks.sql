-- When the reconciliation last read a cycle's HubEx task by its ID (processes/reconciliation.bpmn, "Check the open
-- HubEx tasks"): the tasks checked least recently come first, so every waiting cycle's task is read in turn.
alter table dealflow_cycle add column task_checked_at timestamp;

-- The lock row of that step: two overlapping runs take turns instead of reading the same tasks twice.
insert into dealflow_cursor (name, cursor_value, updated_at) values ('hubex.open-tasks', null, current_timestamp);
