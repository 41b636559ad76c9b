-- label: unsafe
-- why: DROP COLUMN loses data and breaks the running app version that still reads/writes legacy_role
ALTER TABLE users DROP COLUMN legacy_role;
