-- label: unsafe
-- why: REINDEX ... CONCURRENTLY inside BEGIN/COMMIT fails: cannot run inside a transaction block
BEGIN;
SET LOCAL statement_timeout = '30min';
REINDEX TABLE CONCURRENTLY sessions;
COMMIT;
