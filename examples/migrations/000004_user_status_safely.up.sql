-- The same change done online: one short ACCESS EXCLUSIVE with a timeout,
-- no rewrite, and no scan while traffic is blocked. A constant default is
-- stored once in the catalog (PostgreSQL 11+): existing rows read 'active'
-- without being rewritten, so nothing is left to backfill.
SET lock_timeout = '2s';
ALTER TABLE users
    ADD COLUMN status text DEFAULT 'active',
    ADD CONSTRAINT users_status_not_null CHECK (status IS NOT NULL) NOT VALID;
