-- label: safe
-- why: SET/DROP DEFAULT only change the catalog default for future inserts: brief ACCESS EXCLUSIVE, no rewrite
SET lock_timeout = '2s';
ALTER TABLE orders ALTER COLUMN currency SET DEFAULT 'USD';
ALTER TABLE subscriptions ALTER COLUMN status SET DEFAULT 'trialing';
ALTER TABLE notifications ALTER COLUMN read_at DROP DEFAULT;
