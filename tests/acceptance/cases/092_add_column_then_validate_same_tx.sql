-- label: unsafe
-- why: ADD COLUMN takes ACCESS EXCLUSIVE first, and the later VALIDATE scan runs while that lock is still held
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE invoices ADD COLUMN voided_at timestamptz;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_amount_nonnegative;
COMMIT;
