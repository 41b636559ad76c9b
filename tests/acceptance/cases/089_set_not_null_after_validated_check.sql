-- label: safe
-- why: VALIDATE (SHARE UPDATE EXCLUSIVE) first; then SET NOT NULL uses the valid CHECK (col IS NOT NULL) and skips the scan on PG12+
-- 3/3 of the NOT NULL dance. Migration 1 ran:
--   ALTER TABLE accounts ADD CONSTRAINT accounts_user_id_not_null CHECK (user_id IS NOT NULL) NOT VALID;
SET lock_timeout = '2s';
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_user_id_not_null;
ALTER TABLE accounts ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE accounts DROP CONSTRAINT accounts_user_id_not_null;
