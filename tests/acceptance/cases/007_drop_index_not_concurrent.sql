-- label: unsafe
-- why: DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on users; DROP INDEX CONCURRENTLY exists
-- legacy_role is no longer queried
DROP INDEX IF EXISTS index_users_on_legacy_role;
