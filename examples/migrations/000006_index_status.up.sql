-- CREATE INDEX CONCURRENTLY cannot run in a transaction: this file runs alone.
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_status_idx ON users (status);
