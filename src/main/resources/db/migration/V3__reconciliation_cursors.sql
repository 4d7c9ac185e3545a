-- Where the reconciliation runs (processes/reconciliation.bpmn) left off in each feed. The rows exist from the
-- start, with no value ("never ran": the first run starts from now), so that a run can lock its row
-- (select ... for update) and two overlapping runs - on one node or on several - take turns instead of doing
-- the same work twice.
create table dealflow_cursor (
    name        varchar(100)  primary key,
    cursor_value varchar(200),
    updated_at  timestamp     not null
);

insert into dealflow_cursor (name, cursor_value, updated_at) values ('bitrix24.stage-history', null, current_timestamp);
insert into dealflow_cursor (name, cursor_value, updated_at) values ('hubex.completed-tasks', null, current_timestamp);
