-- CREATE INDEX CONCURRENTLY cannot run in a transaction: this file runs alone.
-- Without IF NOT EXISTS a retry after a failed build fails loudly instead of
-- keeping the INVALID index the failure left behind.
CREATE INDEX CONCURRENTLY users_status_idx ON users (status);
