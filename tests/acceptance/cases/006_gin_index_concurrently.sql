-- label: safe
-- why: CREATE INDEX CONCURRENTLY (GIN, IF NOT EXISTS) outside a transaction only takes SHARE UPDATE EXCLUSIVE
-- golang-migrate: 000087_audit_log_details_gin.up.sql
-- jsonb containment queries from the admin search page
SET lock_timeout TO '2s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_log_details_gin
    ON audit_log USING gin (details jsonb_path_ops);
