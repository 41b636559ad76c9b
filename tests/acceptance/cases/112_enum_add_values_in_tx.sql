-- label: safe
-- why: ADD VALUE is allowed inside a transaction block on PG12+ as long as the new values are not used before commit
BEGIN;
ALTER TYPE account_status ADD VALUE IF NOT EXISTS 'pending_verification' BEFORE 'active';
ALTER TYPE account_status ADD VALUE IF NOT EXISTS 'frozen';
COMMIT;
