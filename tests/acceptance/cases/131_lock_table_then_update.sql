-- label: unsafe
-- why: explicit SHARE ROW EXCLUSIVE lock held for a whole-table UPDATE: writes on accounts blocked for the duration
BEGIN;
LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE;
UPDATE accounts SET currency = upper(currency);
COMMIT;
