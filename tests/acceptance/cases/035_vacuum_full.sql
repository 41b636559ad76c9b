-- label: unsafe
-- why: VACUUM FULL rewrites audit_log under ACCESS EXCLUSIVE
-- Reclaim disk after the retention purge.
VACUUM (FULL, ANALYZE) audit_log;
