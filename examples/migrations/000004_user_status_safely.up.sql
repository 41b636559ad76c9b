-- The same change done online: one short ACCESS EXCLUSIVE with a timeout,
-- no rewrite, and no scan while traffic is blocked.
SET lock_timeout = '2s';
ALTER TABLE users
    ADD COLUMN status text,
    ALTER COLUMN status SET DEFAULT 'active',
    ADD CONSTRAINT users_status_not_null CHECK (status IS NOT NULL) NOT VALID;
