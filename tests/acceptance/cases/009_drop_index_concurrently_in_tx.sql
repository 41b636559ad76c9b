-- label: unsafe
-- why: DROP INDEX CONCURRENTLY inside BEGIN/COMMIT fails: cannot run inside a transaction block
BEGIN;
-- unused according to pg_stat_user_indexes (idx_scan = 0 for 90 days)
DROP INDEX CONCURRENTLY IF EXISTS index_events_on_kind;
COMMIT;
