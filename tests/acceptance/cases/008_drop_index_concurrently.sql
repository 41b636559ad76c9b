-- label: safe
-- why: DROP INDEX CONCURRENTLY outside a transaction waits for queries without blocking them
-- Index was superseded by events_user_id_occurred_at_idx
SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY IF EXISTS index_events_on_kind;
