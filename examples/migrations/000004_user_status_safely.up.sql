-- The same change done online: short locks with a timeout, no rewrite,
-- no long scan under a lock that blocks traffic.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN status text;
ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active';
ALTER TABLE users ADD CONSTRAINT users_status_not_null CHECK (status IS NOT NULL) NOT VALID;
