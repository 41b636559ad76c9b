-- label: unsafe
-- why: VALIDATE runs in the same transaction that already holds ACCESS EXCLUSIVE from ADD CONSTRAINT: the full scan happens with users locked
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE users
    ADD CONSTRAINT users_email_lowercase CHECK (email = lower(email)) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_lowercase;
COMMIT;
