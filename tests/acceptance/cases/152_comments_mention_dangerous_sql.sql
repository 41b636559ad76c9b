-- label: safe
-- why: only COMMENT ON (SHARE UPDATE EXCLUSIVE) and a nullable ADD COLUMN; the dangerous SQL is inside comments and string literals
-- Deprecate users.legacy_role. Do NOT run yet:
--   ALTER TABLE users DROP COLUMN legacy_role;
--   DROP INDEX index_users_on_legacy_role;
/*
   Contract phase (release 2024.09), for reference only:
   TRUNCATE users_legacy_roles;
   CREATE INDEX users_role_idx ON users (role);
*/
COMMENT ON COLUMN users.legacy_role IS
    'DEPRECATED: will be removed with ALTER TABLE users DROP COLUMN legacy_role; use users.role';
COMMENT ON TABLE users IS 'Never TRUNCATE or VACUUM FULL this table in business hours';

ALTER TABLE users ADD COLUMN role text;
