-- Indexes for the queries DealFlow runs on its own tables, one by one (DealflowIndexesIT checks each of them
-- with PostgreSQL's planner):
--
-- dealflow_task_event
--   due(): where status = ? and next_attempt_at <= ? group by hubex_task_id   -> dealflow_task_event_due (V1)
--   done(), postpone(), park(): where hubex_task_id = ? and id <= ? and status = ?
--     had no index at all: every correlated HubEx event scanned the whole table, the UNMATCHED events that are
--     kept for diagnosis included, so the scan grew for ever.
create index dealflow_task_event_task on dealflow_task_event (hubex_task_id, status, id);
--
-- dealflow_deal_event
--   dueDeals(): where next_attempt_at <= ? group by deal_id                    -> dealflow_deal_event_due (V1)
--   done(), postpone(): where deal_id = ? and id <= ?
--     used (deal_id) and then filtered on id; (deal_id, id) answers both conditions from the index.
create index dealflow_deal_event_deal_id on dealflow_deal_event (deal_id, id);
drop index dealflow_deal_event_deal;
--
-- dealflow_cycle - already covered since V1:
--   isRegistered(): deal_id = ? and stage_id = ? and stage_entered_at = ?    -> unique dealflow_cycle_entry
--   tasksOfOtherCycles(): deal_id = ? and hubex_task_id is not null ...      -> dealflow_cycle_entry (deal_id first)
--   relink(), attachTask(), markTaskCreateTried(): process_instance_id = ?   -> dealflow_cycle_process
--   processOfTask(): hubex_task_id = ?                                         -> dealflow_cycle_task
--   oldestOpenCycleWithTask(): min(started_at) where hubex_task_id is not null and the instance runs - once, at
--     the first reconciliation run: a scan is fine there.
--
-- dealflow_sent_comment (one row per timeline comment, never deleted)
--   state(), recordSent(): comment_key = ?                                    -> primary key
--   recorded(): bitrix24_comment_id in (...), when a comment's add got no answer and the deal's comments are
--     compared with those already recorded: without an index a scan of every comment ever added.
create index dealflow_sent_comment_bitrix24_id on dealflow_sent_comment (bitrix24_comment_id);
--
-- dealflow_company_link, dealflow_location_link, dealflow_cursor: looked up by their primary key only.
