-- label: safe
-- why: ADD COLUMN without default or constraint is a brief catalog change
-- V60__users_add_timezone.sql
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN IF NOT EXISTS time_zone text;
COMMENT ON COLUMN users.time_zone IS 'IANA zone name, NULL = organisation default';
