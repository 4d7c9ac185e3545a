-- Until when an add sent without an answer may still land at the portal: a retry that finds no such comment on the
-- deal before then waits instead of adding it again (finding 11 of docs/reliability.md). Null: no such bound is
-- known (rows of earlier versions), the retry adds at once as before.
alter table dealflow_sent_comment add column may_land_until timestamp;
