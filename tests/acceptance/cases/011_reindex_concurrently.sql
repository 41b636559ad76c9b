-- label: safe
-- why: REINDEX INDEX CONCURRENTLY outside a transaction keeps reads and writes running
-- Rebuild bloated index without downtime (PG 12+)
SET statement_timeout = 0;
REINDEX INDEX CONCURRENTLY sessions_token_idx;
